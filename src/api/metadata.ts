/**
 * The part of ObjectMeta Fledge reads. Loose: the apiserver owns metadata and
 * adds fields (managedFields, …) that must survive a round trip untouched.
 */
import { z } from 'zod';
import { objectName, stringMap } from './primitives.js';

export const ownerReferenceSchema = z.looseObject({
  apiVersion: z.string(),
  kind: z.string(),
  name: z.string(),
  uid: z.string(),
  controller: z.boolean().optional(),
  blockOwnerDeletion: z.boolean().optional(),
});

/** Every object Fledge handles has a name (the apiserver fills it in from generateName). */
export const objectMetaSchema = z.looseObject({
  name: objectName,
  generateName: z.string().optional(),
  namespace: objectName.optional(),
  uid: z.string().optional(),
  resourceVersion: z.string().optional(),
  generation: z.int().optional(),
  creationTimestamp: z.string().optional(),
  deletionTimestamp: z.string().optional(),
  labels: stringMap(256).optional(),
  annotations: z.record(z.string(), z.string(), 'must be a map of strings').optional(),
  finalizers: z.array(z.string()).optional(),
  ownerReferences: z.array(ownerReferenceSchema).optional(),
});

export type ObjectMeta = z.infer<typeof objectMetaSchema>;
export type OwnerReference = z.infer<typeof ownerReferenceSchema>;
