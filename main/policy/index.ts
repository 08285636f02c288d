// What other folders may use of main/policy; code outside imports it only from here.
export { applyDeidentificationFloor } from './deidentificationFloor.js';
export type { ManagedPolicy, PolicyReading } from './managedPolicy.js';
export { ManagedSettings } from './managedSettings.js';
export { readManagedPolicy, readPolicyFile } from './readManagedPolicy.js';
export { updatePlan, type UpdatePlan } from './updatePlan.js';
