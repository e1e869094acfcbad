/**
 * The image page's SCS-0102 facts, one small component each: the lifecycle
 * promise, an archived build's ID expiry, end of life with its origin, the
 * image's source and description links, and what its minimums mean for a
 * flavor. Imported together so a page adds them with one line.
 */
export { default as EolDetail } from './EolDetail.astro';
export { default as EolNotice } from './EolNotice.astro';
export { default as FlavorNeeds } from './FlavorNeeds.astro';
export { default as IdExpiry } from './IdExpiry.astro';
export { default as ImageOrigin } from './ImageOrigin.astro';
export { default as PromiseDetails } from './PromiseDetails.astro';
