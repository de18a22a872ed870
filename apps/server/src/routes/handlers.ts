import type { EndpointId, endpoints } from '@baton/contracts';
import type { Handler } from '../http/bind-endpoint.ts';

/** One handler per contract endpoint; the type makes a missing handler a compile error. */
export type Handlers = { [K in EndpointId]: Handler<(typeof endpoints)[K]> };
export type HandlerGroup<K extends EndpointId> = Pick<Handlers, K>;
