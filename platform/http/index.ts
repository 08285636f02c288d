// What other folders may use of platform/http; code outside imports it only from here.
export {
  type Exchange,
  HttpError,
  readBody,
  readForm,
  readJson,
  type Route,
  sendDicomJson,
  sendJson,
  sendProblem,
} from './httpExchange.js';
