import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import '@lip/runtime';
import { onBackend, relativeError, testBackends, fixtureTensor, type FlatArray } from '@lip/runtime/testing';
import { loadFixture } from '../test-support/fixtures.js';
import { computeJointCentres, type JointCentreVariant } from './joint-centres.js';
import { jointGroupsFromMergeDict, LIP_SSL_JOINT_GROUPS } from './joint-groups.js';
import { jointMapsFromLabels } from './joint-maps-from-labels.js';
import { renderJointMaps } from './render-joint-maps.js';

interface JointsFixture {
  labels: FlatArray;
  logits: FlatArray;
  groups: number[][];
  cases: { variant: JointCentreVariant; source: 'labels' | 'probabilities'; centres: FlatArray; present: FlatArray; maps: FlatArray }[];
  exactSigma15Maps: FlatArray;
  caffeAccumulated: { centres: FlatArray; present: FlatArray };
  customGroups: { groups: number[][]; centres: FlatArray; present: FlatArray };
}

const fixture = loadFixture<JointsFixture>('joints.json');
const [, height, width] = fixture.labels.shape as [number, number, number];
const input = (source: 'labels' | 'probabilities') =>
  source === 'labels' ? fixtureTensor<tf.Tensor3D>(fixture.labels, 'int32') : (tf.softmax(fixtureTensor(fixture.logits)) as tf.Tensor4D);

describe('LIP joint groups', () => {
  it('are the SS-NAN merge_dict and caffe clsToJointFirst grouping', () => {
    expect(LIP_SSL_JOINT_GROUPS).toEqual(fixture.groups);
    expect(jointGroupsFromMergeDict([0, 1, 1, 0, 1, 2, 0, 2, 0, 3, 0, 2, 3, 1, 4, 5, 6, 7, 8, 9])).toEqual(fixture.groups);
  });
});

describe.each(testBackends())('joint centres and maps on %s', (backend) => {
  it.each(fixture.cases)('$variant centres and maps from $source match the numpy reference', async (c) => {
    const [centres, present, maps] = await onBackend(backend, () => {
      const j = computeJointCentres(input(c.source), { variant: c.variant });
      return [j.centres, j.present, renderJointMaps(j, { height, width })];
    });
    expect(relativeError(centres!, c.centres.data)).toBeLessThanOrEqual(1e-5);
    expect(Array.from(present!)).toEqual(c.present.data);
    expect(relativeError(maps!, c.maps.data)).toBeLessThanOrEqual(1e-5);
    if (c.variant === 'caffe') expect(Array.from(centres!).every(Number.isInteger)).toBe(true);
  });

  it('jointMapsFromLabels is computeJointCentres + renderJointMaps on the label grid', async () => {
    const expected = fixture.cases.find((c) => c.variant === 'ssnan' && c.source === 'labels')!;
    const [maps] = await onBackend(backend, () => jointMapsFromLabels(input('labels')));
    expect(relativeError(maps!, expected.maps.data)).toBeLessThanOrEqual(1e-5);
  });

  it('renders σ = 1.5 maps', async () => {
    const [maps] = await onBackend(backend, () => jointMapsFromLabels(input('labels'), { variant: 'exact', sigma: 1.5 }));
    expect(relativeError(maps!, fixture.exactSigma15Maps.data)).toBeLessThanOrEqual(1e-5);
  });

  it("reproduces caffe's batch accumulation quirk on request", async () => {
    const [centres, present] = await onBackend(backend, () => {
      const j = computeJointCentres(input('labels'), { variant: 'caffe', accumulateAcrossBatch: true });
      return [j.centres, j.present];
    });
    expect(Array.from(centres!)).toEqual(fixture.caffeAccumulated.centres.data);
    expect(Array.from(present!)).toEqual(fixture.caffeAccumulated.present.data);
  });

  it('takes any grouping (caffe num_joint 3: classes 4, 3, 2)', async () => {
    const { groups } = fixture.customGroups;
    const [centres, present] = await onBackend(backend, () => {
      const j = computeJointCentres(input('labels'), { variant: 'exact', groups });
      return [j.centres, j.present];
    });
    expect(relativeError(centres!, fixture.customGroups.centres.data)).toBeLessThanOrEqual(1e-5);
    expect(Array.from(present!)).toEqual(fixture.customGroups.present.data);
  });

  it('truncates caffe centres exactly where float32 sums would round (9×2047, Σx > 2^24)', async () => {
    // Every pixel is class 5: mean x is exactly 1023, but Σx = 18846729 is no float32 (it rounds
    // to …728, and a float division would truncate to 1022).
    const [centres] = await onBackend(backend, () => computeJointCentres(tf.fill([1, 9, 2047], 5, 'int32') as tf.Tensor3D, { variant: 'caffe' }).centres);
    expect(Array.from(centres!.slice(2, 4))).toEqual([4, 1023]);
  });

  it('gives joint maps no gradient, even from probability maps', async () => {
    const [grad] = await onBackend(backend, () =>
      tf.grad((p: tf.Tensor) => tf.sum(jointMapsFromLabels(p as tf.Tensor4D, { variant: 'exact' })))(input('probabilities')),
    );
    expect(Array.from(grad!).every((v) => v === 0)).toBe(true);
  });

  it('keeps the tensor count flat', async () => {
    await onBackend(backend, () => tf.zeros([1]));
    const labels = input('labels');
    const step = () => {
      const j = computeJointCentres(labels, { variant: 'caffe' });
      tf.dispose([j.centres, j.present, renderJointMaps(j, { height, width })]);
      tf.dispose(jointMapsFromLabels(labels));
    };
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    labels.dispose();
  });
});
