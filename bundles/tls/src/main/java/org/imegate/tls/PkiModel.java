package org.imegate.tls;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.bouncycastle.asn1.x500.X500Name;
import org.imegate.api.pki.EnrollMode;

/**
 * An immutable snapshot of the PKI: key pairs and trustpoints, with the revision that produced it.
 * Changes build a new snapshot; the store swaps it in only once it is safely on disk.
 */
public final class PkiModel {

    /** A key pair of the key store. */
    public record KeyEntry(String label, Instant created, PrivateKey privateKey, PublicKey publicKey) {
        public KeyEntry {
            Objects.requireNonNull(label);
            Objects.requireNonNull(created);
            Objects.requireNonNull(privateKey);
            Objects.requireNonNull(publicKey);
        }

        /** The key pair as JCA objects. */
        public KeyPair keyPair() {
            return new KeyPair(publicKey, privateKey);
        }

        /** Modulus size. */
        public int bits() {
            return publicKey instanceof RSAPublicKey rsa ? rsa.getModulus().bitLength() : 0;
        }
    }

    /** A trustpoint with its certificates. */
    public record TrustpointEntry(String name, Optional<X500Name> subject, Optional<String> keyPair,
            Optional<EnrollMode> enrollMode, Optional<X509Certificate> identity, List<X509Certificate> caCertificates,
            boolean requestPending) {
        public TrustpointEntry {
            Objects.requireNonNull(name);
            Objects.requireNonNull(subject);
            Objects.requireNonNull(keyPair);
            Objects.requireNonNull(enrollMode);
            Objects.requireNonNull(identity);
            caCertificates = List.copyOf(caCertificates);
        }

        /** An empty trustpoint. */
        public static TrustpointEntry empty(String name) {
            return new TrustpointEntry(name, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    List.of(), false);
        }

        public TrustpointEntry withIdentity(X509Certificate certificate) {
            return new TrustpointEntry(name, subject, keyPair, enrollMode, Optional.of(certificate), caCertificates,
                    false);
        }

        public TrustpointEntry withRequestPending() {
            return new TrustpointEntry(name, subject, keyPair, enrollMode, identity, caCertificates, true);
        }

        public TrustpointEntry withCaCertificates(List<X509Certificate> certificates) {
            return new TrustpointEntry(name, subject, keyPair, enrollMode, identity, certificates, requestPending);
        }
    }

    /** The empty store. */
    public static final PkiModel EMPTY = new PkiModel(0, new TreeMap<>(), new TreeMap<>());

    private final long revision;
    private final SortedMap<String, KeyEntry> keys;
    private final SortedMap<String, TrustpointEntry> trustpoints;

    public PkiModel(long revision, SortedMap<String, KeyEntry> keys, SortedMap<String, TrustpointEntry> trustpoints) {
        this.revision = revision;
        this.keys = Collections.unmodifiableSortedMap(new TreeMap<>(keys));
        this.trustpoints = Collections.unmodifiableSortedMap(new TreeMap<>(trustpoints));
    }

    public long revision() {
        return revision;
    }

    /** Key pairs by label, sorted. */
    public SortedMap<String, KeyEntry> keys() {
        return keys;
    }

    /** Trustpoints by name, sorted. */
    public SortedMap<String, TrustpointEntry> trustpoints() {
        return trustpoints;
    }

    /** This model with {@code key} added or replaced. */
    public PkiModel with(KeyEntry key) {
        TreeMap<String, KeyEntry> next = new TreeMap<>(keys);
        next.put(key.label(), key);
        return new PkiModel(revision, next, trustpoints);
    }

    /** This model with {@code trustpoint} added or replaced. */
    public PkiModel with(TrustpointEntry trustpoint) {
        TreeMap<String, TrustpointEntry> next = new TreeMap<>(trustpoints);
        next.put(trustpoint.name(), trustpoint);
        return new PkiModel(revision, keys, next);
    }

    /** This model without the key pair {@code label}. */
    public PkiModel withoutKey(String label) {
        TreeMap<String, KeyEntry> next = new TreeMap<>(keys);
        next.remove(label);
        return new PkiModel(revision, next, trustpoints);
    }

    /** This model without the trustpoint {@code name}. */
    public PkiModel withoutTrustpoint(String name) {
        TreeMap<String, TrustpointEntry> next = new TreeMap<>(trustpoints);
        next.remove(name);
        return new PkiModel(revision, keys, next);
    }

    /** This model at {@code newRevision}. */
    public PkiModel atRevision(long newRevision) {
        return new PkiModel(newRevision, keys, trustpoints);
    }

    /** The names of the trustpoints using key pair {@code label}, sorted. */
    public List<String> trustpointsUsing(String label) {
        return trustpoints.values().stream().filter(t -> t.keyPair().filter(label::equals).isPresent())
                .map(TrustpointEntry::name).toList();
    }
}
