// What other folders may use of the errors a handler expects.
export { HandlerError } from './handlerError.js';
export { systemCauseOf } from './systemCause.js';
