// What other folders may use of platform/services; code outside imports it only from here.
export { isServiceId, runService, serviceIds } from './runService.js';
export {
  aneurysmValidation,
  aneurysmValidationStatement,
} from './aneurysm/validationStatement.js';
