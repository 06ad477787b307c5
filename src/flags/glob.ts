/**
 * `matches` globs → flagd JsonLogic. JsonLogic has no regular expressions, so
 * only the globs that string operators can say exactly are accepted; any
 * other is refused with a message naming what is supported, never
 * approximated.
 *
 *   exact        → {"===": [attr, "exact"]}
 *   *            → {"starts_with": [attr, ""]}            (any string)
 *   prefix*      → {"starts_with": [attr, "prefix"]}
 *   *suffix      → {"ends_with": [attr, "suffix"]}
 *   *middle*     → {"in": ["middle", attr]}                (substring)
 *   prefix*suffix→ {"and": [starts_with prefix, ends_with(substr(attr, len(prefix)), suffix)]}
 *
 * The last form tests the suffix on what follows the prefix, so `ab*ba`
 * does not match `aba`. `**` is the same as `*`.
 */
import type { JsonLogic } from './types.js';

export type GlobResult = { ok: true; logic: JsonLogic } | { ok: false; message: string };

const SUPPORTED = 'supported: "exact", "prefix*", "*suffix", "*middle*", "prefix*suffix"';

export function compileGlob(glob: string, attr: JsonLogic): GlobResult {
  if (glob.includes('?')) {
    return {
      ok: false,
      message: `glob ${JSON.stringify(glob)} uses "?", which flagd JsonLogic cannot express (${SUPPORTED})`,
    };
  }
  const parts = glob.replace(/\*{2,}/g, '*').split('*');
  const [first = '', second = '', third = ''] = parts;
  switch (parts.length) {
    case 1:
      return { ok: true, logic: { '===': [attr, first] } };
    case 2:
      if (first === '')
        return {
          ok: true,
          logic: second === '' ? { starts_with: [attr, ''] } : { ends_with: [attr, second] },
        };
      if (second === '') return { ok: true, logic: { starts_with: [attr, first] } };
      return {
        ok: true,
        logic: {
          and: [{ starts_with: [attr, first] }, { ends_with: [{ substr: [attr, first.length] }, second] }],
        },
      };
    case 3:
      if (first === '' && third === '') return { ok: true, logic: { in: [second, attr] } };
      break;
  }
  return {
    ok: false,
    message: `glob ${JSON.stringify(glob)} cannot be expressed in flagd JsonLogic (${SUPPORTED}); use all/any of startsWith, endsWith, or raw targeting`,
  };
}
