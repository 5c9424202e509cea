/** Demo mode's card provider for tests that start the service with virtual readers. */
import { systemRng } from '../../electron/service/rng.js';
import { createDemoCards, type VirtualDemoCards } from '../../electron/vcard/demo-cards.js';

export const demoCards = (): VirtualDemoCards => createDemoCards({ rng: systemRng });
