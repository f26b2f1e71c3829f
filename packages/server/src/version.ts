import { PACKAGE_MANIFEST } from './package-root.js';

/** The package version, from the package.json that package-root found. */
export const VERSION: string = PACKAGE_MANIFEST.version;
