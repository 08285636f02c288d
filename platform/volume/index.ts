// What other folders may use of platform/volume; code outside imports it only from here.
export { keepLargeComponents, largestComponent } from './connectedComponents.js';
export { distanceInsideMask } from './distanceTransform.js';
export { gaussianSmooth } from './gaussianSmooth.js';
export { dilate, erode, fillHoles } from './morphology.js';
export { fibonacciDirections } from './sphereDirections.js';
export { add, cross, distance, dot, norm, normalize, scale, sub, type Vec3 } from './vec3.js';
export { type ScalarVolume, type VolumeGeometry, voxelToPatient } from './volume.js';
