/** The counter's operator sign-in: the core's dialog (renderer/src/components/SignIn.tsx), shared by the workflows. */
export { operatorName, SignInDialog } from '../../src/components/SignIn.js';
