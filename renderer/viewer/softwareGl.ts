/**
 * Whether WebGL here is a software rasterizer (SwiftShader, Mesa's llvmpipe/softpipe): no GPU, so
 * every WebGL frame is drawn by the CPU and read back to the page synchronously. Asked once.
 */
const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|softpipe|software rasterizer/i;

let answer: boolean | undefined;

export function isSoftwareGl(): boolean {
  answer ??= probe();
  return answer;
}

function probe(): boolean {
  const canvas = document.createElement('canvas');
  const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
  if (gl === null) return false;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(
    gl.getParameter(info === null ? gl.RENDERER : info.UNMASKED_RENDERER_WEBGL),
  );
  // Give the context back now: Chromium keeps only a few alive per page.
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return SOFTWARE_RENDERERS.test(renderer);
}
