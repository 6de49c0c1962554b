// Test-only: the committed numpy reference fixtures (fixtures/make_fixtures.py).
import { fixtureFolder } from '@lip/runtime/testing';

const fixtures = fixtureFolder(new URL('../../fixtures/', import.meta.url));

export function loadFixture<T>(name: 'joints.json' | 'losses.json' | 'gradients.json'): T {
  return fixtures.json<T>(name);
}
