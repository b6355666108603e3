/**
 * Simulated peers on loopback and a sample dossier feeder, for the default run and for tests.
 *
 * <p>Each simulated peer parses and builds its wire format on its own, with no code shared with the
 * adapters, and enforces its contract strictly: a sandbox that accepts anything proves nothing.
 */
package vn.gov.lgsp.sandbox;
