/**
 * Pipeline option mixins, one per concern, combined by each stage's own options interface: where the warehouse is,
 * what to read, how to deduplicate and route late events, how validation rules act, and what gold computes.
 */
package dev.finpipe.options;
