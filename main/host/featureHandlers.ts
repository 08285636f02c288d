/**
 * The one shape of a feature's handlers. Each feature folder has a factory
 * `create<Feature>Handlers(host, uses)` that gets the host's services and, in `uses`, what it needs
 * of features built before it (the study library, the login session, the catalog), and returns a
 * `Feature`: the handlers of its own channels (`<prefix>.*`), an optional `dispose`, and what later
 * features may use of it. `main/handlers.ts` only builds them in order and joins their handlers.
 */
import type { Channel, ChannelOf, RequestOf, ResponseOf } from '../../preload/contract/index.js';

/** One channel's handler; requests arrive already validated against the contract. */
export type Handler<C extends Channel> = (request: RequestOf<C>) => Promise<ResponseOf<C>>;

/** A handler for every channel of the contract. */
export type Handlers = { [C in Channel]: Handler<C> };

/** The handlers of one feature's channels, named `<prefix>.*`. */
export type FeatureHandlers<Prefix extends string> = { [C in ChannelOf<Prefix>]: Handler<C> };

export interface Feature<Prefix extends string> {
  handlers: FeatureHandlers<Prefix>;
  /** Writes what is buffered and lets go of files (application stop, tests). */
  dispose?: () => Promise<void>;
}
