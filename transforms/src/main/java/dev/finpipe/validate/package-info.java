/**
 * Validation: named rules (expectations) over parsed transactions, each with an action: QUARANTINE (default), DROP,
 * WARN or FAIL. A record is judged by every rule, so its quarantine row names all the rules it broke. Per-rule
 * counters record passes and failures.
 */
package dev.finpipe.validate;
