/**
 * The demo generator's behaviour version, written to truth.json and part of the name of every folder a
 * generated tenant is cached in, so a tenant made by older rules is never reused by mistake. Bump it with
 * any change to what the generator writes for the same options.
 */
export const GENERATOR_VERSION = 2;
