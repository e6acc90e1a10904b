// `@exlivekit/server-sdk/transport`: what a transport package needs and nothing else (no services, no
// codecs), so that loading a transport does not load the SDK's request path twice over.
export type { ClientErrorCode, LiveKitErrorCode, TransportErrorCode, TwirpCode } from "./errors.ts";
export {
  ConfigError,
  InvalidArgumentError,
  LiveKitError,
  MalformedResponseError,
  TransportError,
  TwirpError,
} from "./errors.ts";
export type {
  InterceptedRequest,
  Interceptor,
  SendFn,
  Transport,
  TransportRequest,
  TransportResponse,
} from "./transport.ts";
export {
  DEFAULT_MAX_RESPONSE_BYTES,
  isRedirect,
  maxResponseBytesOption,
  redirectError,
  responseTooLargeError,
  toTransportError,
} from "./transport-error.ts";
