import type {
  ErrorCode,
  EvaluationContext,
  JsonValue,
  Provider,
  ResolutionDetails as OFResolutionDetails,
  TrackingEventDetails,
} from '@openfeature/server-sdk';
import { OpenFeatureEventEmitter, ProviderEvents } from '@openfeature/server-sdk';
import type { ClientOptions, FledgeClient } from './client.js';
import { createClient } from './client.js';
import type { ResolutionDetails } from './types.js';

/**
 * An OpenFeature server provider backed by a FledgeClient: Ready after the
 * first config loads, ConfigurationChanged (with the changed keys) on every
 * new config. `track(event, context, { flag, variant? })` counts a conversion.
 */
export class FledgeProvider implements Provider {
  readonly metadata = { name: 'fledge' } as const;
  readonly runsOn = 'server' as const;
  readonly events = new OpenFeatureEventEmitter();
  readonly client: FledgeClient;

  constructor(clientOrOptions: FledgeClient | ClientOptions) {
    this.client = 'evaluate' in clientOrOptions ? clientOrOptions : createClient(clientOrOptions);
    this.client.on('change', ({ flagsChanged }) => {
      // The first load is reported as Ready by the SDK through initialize().
      if (this.initialized) this.events.emit(ProviderEvents.ConfigurationChanged, { flagsChanged });
    });
  }

  private initialized = false;

  async initialize(): Promise<void> {
    await this.client.start();
    await this.client.ready();
    this.initialized = true;
  }

  resolveBooleanEvaluation(
    flagKey: string,
    defaultValue: boolean,
    context: EvaluationContext,
  ): Promise<OFResolutionDetails<boolean>> {
    return Promise.resolve(toOpenFeature(this.client.booleanDetails(flagKey, defaultValue, context)));
  }

  resolveStringEvaluation(
    flagKey: string,
    defaultValue: string,
    context: EvaluationContext,
  ): Promise<OFResolutionDetails<string>> {
    return Promise.resolve(toOpenFeature(this.client.stringDetails(flagKey, defaultValue, context)));
  }

  resolveNumberEvaluation(
    flagKey: string,
    defaultValue: number,
    context: EvaluationContext,
  ): Promise<OFResolutionDetails<number>> {
    return Promise.resolve(toOpenFeature(this.client.numberDetails(flagKey, defaultValue, context)));
  }

  resolveObjectEvaluation<T extends JsonValue>(
    flagKey: string,
    defaultValue: T,
    context: EvaluationContext,
  ): Promise<OFResolutionDetails<T>> {
    return Promise.resolve(
      toOpenFeature(
        this.client.objectDetails(flagKey, defaultValue as never, context) as ResolutionDetails<T>,
      ),
    );
  }

  track(event: string, context: EvaluationContext, details?: TrackingEventDetails): void {
    const flag = details?.flag;
    if (typeof flag !== 'string') return;
    const variant = typeof details?.variant === 'string' ? details.variant : undefined;
    this.client.track(flag, event, context, variant);
  }

  async onClose(): Promise<void> {
    await this.client.close();
  }
}

function toOpenFeature<T>(r: ResolutionDetails<T>): OFResolutionDetails<T> {
  const out: OFResolutionDetails<T> = { value: r.value, reason: r.reason };
  if (r.variant !== undefined) out.variant = r.variant;
  if (r.errorCode !== undefined) out.errorCode = r.errorCode as ErrorCode;
  if (r.errorMessage !== undefined) out.errorMessage = r.errorMessage;
  return out;
}
