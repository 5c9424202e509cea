/** The hospital screens' hooks: the ones every workflow's screens share (renderer/src/feature-hooks.ts). */
export { useErrorText, useEvents, useLoad, useOperators, type Loaded } from '../../src/feature-hooks.js';
