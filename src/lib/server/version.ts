// Rudo's version, as the workers page and /metrics show it: package.json's, plus the commit when
// RUDO_COMMIT is set by the deployment.
import pkg from '../../../package.json' with { type: 'json' };

export const RUDO_VERSION: string = process.env.RUDO_COMMIT ? `${pkg.version}+${process.env.RUDO_COMMIT.slice(0, 12)}` : pkg.version;
