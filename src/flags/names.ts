/**
 * Names a flag set is published under. One place, so the act step, the SDK's
 * documentation and the tests agree.
 */
import { GROUP } from '../api/group.js';

/** Key of the flagd document in the ConfigMap. */
export const FLAGS_KEY = 'flags.json';

/** `$schema` written into every flag set document. */
export const FLAGD_SCHEMA_URL = 'https://flagd.dev/schema/v0/flags.json';

/** sha256 of the `flags.json` text; a write is skipped when it is unchanged. */
export const CONTENT_HASH_ANNOTATION = `${GROUP}/content-hash`;

/** Labels on every flag set ConfigMap: who manages it, and which set it holds. */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_VALUE = 'fledge';
export const FLAG_SET_LABEL = `${GROUP}/flag-set`;

/**
 * A serialised set above this is refused (the last good ConfigMap stays):
 * 900 KiB leaves room under the apiserver's 1 MiB object limit for metadata.
 */
export const MAX_FLAG_SET_BYTES = 900 * 1024;

export function configMapName(flagSet: string): string {
  return `fledge-flags-${flagSet}`;
}

export function flagSetLabels(flagSet: string): Record<string, string> {
  return { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE, [FLAG_SET_LABEL]: flagSet };
}
