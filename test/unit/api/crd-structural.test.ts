/* eslint-disable @typescript-eslint/no-explicit-any -- parsed CRD YAML is untyped */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { toStructural } from '../../../scripts/lib/crd-structural.js';
import { freeForm, intOrString } from '../../../src/api/primitives.js';

const convert = (schema: z.ZodType) => toStructural(z.toJSONSchema(schema, { target: 'openapi-3.0' }));

describe('toStructural', () => {
  it('drops additionalProperties: false and safe-integer bounds, keeps real bounds', () => {
    expect(convert(z.strictObject({ a: z.int().min(1) }))).toEqual({
      type: 'object',
      properties: { a: { type: 'integer', minimum: 1 } },
      required: ['a'],
    });
  });

  it('turns marked values into preserve-unknown and int-or-string', () => {
    expect(convert(z.strictObject({ v: freeForm, p: intOrString }).partial())).toEqual({
      type: 'object',
      properties: {
        v: { 'x-kubernetes-preserve-unknown-fields': true },
        p: { 'x-kubernetes-int-or-string': true },
      },
    });
  });

  it('refuses unmarked unions and untyped values, naming the field', () => {
    expect(() => convert(z.strictObject({ u: z.union([z.string(), z.number()]) }))).toThrow('root.u: anyOf');
    expect(() => convert(z.strictObject({ m: z.record(z.string(), z.unknown()) }))).toThrow('root.m');
  });

  it('unrolls recursion a bounded number of times', () => {
    interface Node {
      child?: Node | undefined;
    }
    const node: z.ZodType<Node> = z.strictObject({
      get child(): z.ZodOptional<z.ZodType<Node>> {
        return node.optional();
      },
    });
    const out = toStructural(z.toJSONSchema(z.strictObject({ n: node }), { target: 'openapi-3.0' }), {
      maxRecursion: 2,
    }) as any;
    expect(out.properties.n.properties.child.properties.child).toEqual({
      type: 'object',
      'x-kubernetes-preserve-unknown-fields': true,
    });
  });
});
