/**
 * Turns the JSON Schema zod emits into a Kubernetes *structural* schema: a
 * type on every node, no $ref/anyOf/oneOf, no additionalProperties: false,
 * free-form values only where the API marks them
 * (x-kubernetes-preserve-unknown-fields) and int-or-string where marked.
 * Anything else it cannot express is an error, so a schema change that the
 * apiserver would refuse fails here, with the field path.
 */

export type JsonSchema = Record<string, unknown>;

const PRESERVE = 'x-kubernetes-preserve-unknown-fields';
const INT_OR_STRING = 'x-kubernetes-int-or-string';
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** Keys copied as they are, in this order (so output is stable and readable). */
const SCALAR_KEYS = [
  'description',
  'type',
  'format',
  'enum',
  'default',
  'minimum',
  'exclusiveMinimum',
  'maximum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
  'nullable',
] as const;

const TRAILING_KEYS = [
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-validations',
] as const;

/** Keys zod emits that have no structural equivalent and carry nothing the apiserver needs. */
const DROPPED_KEYS = new Set([
  '$schema',
  'definitions',
  '$defs',
  'id',
  'title',
  'propertyNames',
  'examples',
  'const',
]);

export interface StructuralOptions {
  /** How many times one recursive definition is unrolled before the rest is kept free-form. */
  maxRecursion: number;
}

export function toStructural(root: JsonSchema, options: StructuralOptions = { maxRecursion: 2 }): JsonSchema {
  const definitions = (root.definitions ?? root.$defs ?? {}) as Record<string, JsonSchema>;
  return convert(root, 'root', definitions, new Map(), options);
}

function convert(
  input: JsonSchema,
  path: string,
  definitions: Record<string, JsonSchema>,
  depth: Map<string, number>,
  options: StructuralOptions,
): JsonSchema {
  let node = input;
  // zod wraps a $ref that has siblings in a one-element allOf.
  if (Array.isArray(node.allOf) && node.allOf.length === 1) {
    const { allOf, ...siblings } = node;
    node = { ...(allOf[0] as JsonSchema), ...siblings };
  }
  if (typeof node.$ref === 'string') {
    const name = node.$ref.replace(/^#\/(definitions|\$defs)\//, '');
    const target = definitions[name];
    if (!target) throw new Error(`${path}: unresolved $ref ${node.$ref}`);
    const seen = depth.get(name) ?? 0;
    const { $ref: _ref, ...siblings } = node;
    if (seen >= options.maxRecursion) {
      // Deeper levels are still checked by Fledge's own validation.
      const description = siblings.description ?? target.description;
      return { ...(description ? { description } : {}), type: 'object', [PRESERVE]: true };
    }
    const inner = new Map(depth).set(name, seen + 1);
    return convert({ ...target, ...siblings }, path, definitions, inner, options);
  }

  if (node[PRESERVE] === true) {
    const out: JsonSchema = {};
    if (node.description) out.description = node.description;
    if (node.type === 'object') out.type = 'object';
    out[PRESERVE] = true;
    if (node.type === 'object' && node['x-kubernetes-validations']) {
      out['x-kubernetes-validations'] = node['x-kubernetes-validations'];
    }
    return out;
  }
  if (node[INT_OR_STRING] === true) {
    return { ...(node.description ? { description: node.description } : {}), [INT_OR_STRING]: true };
  }

  for (const junctor of ['anyOf', 'oneOf', 'allOf', 'not']) {
    if (junctor in node) throw new Error(`${path}: ${junctor} cannot be expressed in a structural schema`);
  }
  if (typeof node.type !== 'string') throw new Error(`${path}: no type (mark free-form values explicitly)`);

  const out: JsonSchema = {};
  for (const key of SCALAR_KEYS) {
    if (node[key] !== undefined) out[key] = node[key];
  }
  if (node.type === 'integer') {
    if (out.minimum === -MAX_SAFE) delete out.minimum;
    if (out.maximum === MAX_SAFE) delete out.maximum;
  }
  if (node.items !== undefined) {
    if (Array.isArray(node.items))
      throw new Error(`${path}: tuples cannot be expressed in a structural schema`);
    out.items = convert(node.items as JsonSchema, `${path}[]`, definitions, depth, options);
  }
  if (node.properties !== undefined) {
    const props: Record<string, JsonSchema> = {};
    for (const [key, value] of Object.entries(node.properties as Record<string, JsonSchema>)) {
      props[key] = convert(value, `${path}.${key}`, definitions, depth, options);
    }
    out.properties = props;
  }
  const additional = node.additionalProperties;
  if (additional !== undefined && additional !== false) {
    if (node.properties !== undefined)
      throw new Error(`${path}: properties and additionalProperties together`);
    if (additional === true || Object.keys(additional as object).length === 0) {
      throw new Error(`${path}: free-form map values must be marked ${PRESERVE}`);
    }
    out.additionalProperties = convert(additional as JsonSchema, `${path}.*`, definitions, depth, options);
  }
  if (Array.isArray(node.required) && node.required.length > 0) out.required = node.required;
  for (const key of TRAILING_KEYS) {
    if (node[key] !== undefined) out[key] = node[key];
  }
  for (const key of Object.keys(node)) {
    const known =
      (SCALAR_KEYS as readonly string[]).includes(key) ||
      (TRAILING_KEYS as readonly string[]).includes(key) ||
      ['items', 'properties', 'additionalProperties', 'required'].includes(key) ||
      DROPPED_KEYS.has(key);
    if (!known) throw new Error(`${path}: unsupported schema keyword ${key}`);
  }
  return out;
}

/** Visits every node with its path; used by tests to assert structural properties. */
export function walkSchema(
  node: JsonSchema,
  visit: (node: JsonSchema, path: string) => void,
  path = 'root',
): void {
  visit(node, path);
  if (node.items) walkSchema(node.items as JsonSchema, visit, `${path}[]`);
  for (const [key, value] of Object.entries((node.properties ?? {}) as Record<string, JsonSchema>)) {
    walkSchema(value, visit, `${path}.${key}`);
  }
  if (node.additionalProperties && typeof node.additionalProperties === 'object') {
    walkSchema(node.additionalProperties as JsonSchema, visit, `${path}.*`);
  }
}
