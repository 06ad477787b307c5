import { describe, expect, it } from 'vitest';
import {
  conditionUnchanged,
  getCondition,
  isConditionTrue,
  readyCondition,
  removeCondition,
  rfc3339,
  setCondition,
  type Condition,
} from '../../../src/kube/conditions.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const T1 = T0 + 60_000;

const ready = (status: Condition['status'], reason = 'Ok', message = 'fine', observedGeneration = 1) => ({
  type: 'Ready',
  status,
  reason,
  message,
  observedGeneration,
});

describe('setCondition', () => {
  it.each([
    ['new condition → transition now', [], ready('True'), T1, rfc3339(T1)],
    [
      'same status, new reason → time kept',
      setCondition([], ready('True'), T0),
      ready('True', 'Other', 'changed', 2),
      T1,
      rfc3339(T0),
    ],
    ['status flips → time moves', setCondition([], ready('True'), T0), ready('False'), T1, rfc3339(T1)],
    [
      'Unknown → True is a transition',
      setCondition([], ready('Unknown'), T0),
      ready('True'),
      T1,
      rfc3339(T1),
    ],
  ])('%s', (_name, before, input, now, expectedTime) => {
    const after = setCondition(before, input, now);
    const c = getCondition(after, 'Ready');
    expect(c).toEqual({ ...input, lastTransitionTime: expectedTime });
    expect(after.filter((x) => x.type === 'Ready')).toHaveLength(1);
  });

  it('does not mutate its input and keeps other conditions in place', () => {
    const before = setCondition(
      setCondition([], { ...ready('True'), type: 'Promoted' }, T0),
      ready('True'),
      T0,
    );
    const copy = structuredClone(before);
    const after = setCondition(before, ready('False'), T1);
    expect(before).toEqual(copy);
    expect(after.map((c) => c.type)).toEqual(['Promoted', 'Ready']);
    expect(getCondition(after, 'Promoted')?.lastTransitionTime).toBe(rfc3339(T0));
  });

  it('writes RFC 3339 at second precision like metav1.Time', () => {
    expect(rfc3339(T0 + 1234)).toBe('2026-01-01T00:00:01Z');
  });
});

describe('condition helpers', () => {
  const list = setCondition([], ready('True'), T0);

  it('isConditionTrue', () => {
    expect(isConditionTrue(list, 'Ready')).toBe(true);
    expect(isConditionTrue(setCondition(list, ready('False'), T1), 'Ready')).toBe(false);
    expect(isConditionTrue(undefined, 'Ready')).toBe(false);
  });

  it('conditionUnchanged compares everything but the time', () => {
    expect(conditionUnchanged(list, ready('True'))).toBe(true);
    expect(conditionUnchanged(list, ready('True', 'Ok', 'fine', 2))).toBe(false);
    expect(conditionUnchanged(list, ready('True', 'Ok', 'other'))).toBe(false);
    expect(conditionUnchanged([], ready('True'))).toBe(false);
  });

  it('removeCondition', () => {
    expect(removeCondition(list, 'Ready')).toEqual([]);
    expect(removeCondition(list, 'Other')).toEqual(list);
  });

  it('readyCondition carries observedGeneration for kstatus', () => {
    expect(readyCondition(false, 'Progressing', 'step 2/5', 7)).toEqual({
      type: 'Ready',
      status: 'False',
      reason: 'Progressing',
      message: 'step 2/5',
      observedGeneration: 7,
    });
  });
});
