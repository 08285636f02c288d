/**
 * The volume's texture takes 16-bit slices as 32-bit floats where the GPU has no 16-bit
 * normalised textures (software GL, and many graphics cards): vtk.js then converts every slice it
 * uploads into a new Float32Array that is garbage once uploaded. A 600-slice 512x512 volume made
 * 600 MB of it, and the page's collector let much of it pile up while the volume streamed in
 * (the renderer's peak was far above the slices themselves). One array per texture, refilled for
 * each slice, does the same: `texSubImage3D` has copied the values by the time it returns.
 *
 * vtk.js freezes each texture once built, so the conversion is replaced as textures are built:
 * in the class's `extend`, which cornerstone's streaming texture calls for its own.
 */
import vtkOpenGLTexture from '@kitware/vtk.js/Rendering/OpenGL/Texture.js';

type Convert = (
  dataType: string,
  data: (ArrayLike<number> | null)[],
  depth?: boolean,
  imageExtents?: unknown[],
) => (ArrayLike<number> | null)[];

/** The part of a vtk.js OpenGL texture's public API this module uses. */
interface TextureApi {
  updateArrayDataTypeForGL: Convert;
  getOpenGLDataType(dataType: string): number;
  getWidth(): number;
  getHeight(): number;
  getComponents(): number;
}

type Extend = (publicAPI: TextureApi, model: object, initialValues?: object) => void;

const textureClass = vtkOpenGLTexture as unknown as { extend: Extend };
let installed = false;

/** Builds every texture from now on with a conversion that reuses one float array. */
export function reuseUploadBuffers(): void {
  if (installed) return;
  installed = true;
  const extend = textureClass.extend;
  textureClass.extend = (publicAPI, model, initialValues) => {
    extend(publicAPI, model, initialValues);
    publicAPI.updateArrayDataTypeForGL = reusingConversion(
      publicAPI,
      publicAPI.updateArrayDataTypeForGL,
    );
  };
}

function reusingConversion(texture: TextureApi, convert: Convert): Convert {
  let floats: Float32Array | undefined;
  return (dataType, data, depth = false, imageExtents = []) => {
    const slice = data[0];
    // Only what the streaming texture asks for slice by slice: one 16-bit slice bound for a
    // float texture. The whole-volume and half-float paths stay vtk.js's own.
    if (
      depth ||
      imageExtents.length > 0 ||
      data.length !== 1 ||
      !(slice instanceof Int16Array || slice instanceof Uint16Array) ||
      texture.getOpenGLDataType(dataType) !== WebGL2RenderingContext.FLOAT
    )
      return convert(dataType, data, depth, imageExtents);
    const count = texture.getWidth() * texture.getHeight() * texture.getComponents();
    if (slice.length < count) return convert(dataType, data, depth, imageExtents);
    if (floats?.length !== count) floats = new Float32Array(count);
    floats.set(slice.length > count ? slice.subarray(0, count) : slice);
    return [floats];
  };
}
