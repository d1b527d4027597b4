/** See jest-tmpdir.mjs. */
export { teardown as default } from './jest-tmpdir.mjs'
