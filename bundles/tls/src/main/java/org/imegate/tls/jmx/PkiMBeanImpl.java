package org.imegate.tls.jmx;

import javax.management.DynamicMBean;
import javax.management.NotCompliantMBeanException;
import javax.management.StandardMBean;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularData;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;
import org.imegate.api.pki.CertificateInfo;
import org.imegate.api.pki.EnrollMode;
import org.imegate.api.pki.EnrollmentResult;
import org.imegate.api.pki.KeyPairInfo;
import org.imegate.api.pki.PkiMBean;
import org.imegate.api.pki.PkiService;
import org.imegate.api.pki.TrustpointInfo;
import org.imegate.api.pki.TrustpointSpec;
import org.imegate.api.validation.Validate;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code org.imegate:type=tls,name=pki}: the PKI over JMX, with the same validation as the shell
 * (errors reach the client as IllegalArgumentException carrying the same message).
 */
@Component(service = {PkiMBean.class, DynamicMBean.class},
        property = "jmx.objectname=org.imegate:type=tls,name=pki")
public final class PkiMBeanImpl extends StandardMBean implements PkiMBean {

    private static final CompositeType TRUSTPOINT;
    private static final TabularType TRUSTPOINTS;
    private static final CompositeType KEYPAIR;
    private static final TabularType KEYPAIRS;

    static {
        try {
            TRUSTPOINT = new CompositeType("Trustpoint", "A trustpoint",
                    new String[] {"Name", "SubjectName", "KeyPair", "Enroll", "Identity", "NotAfter",
                        "DaysUntilExpiry", "CaCertificates"},
                    new String[] {"trustpoint name", "identity subject name", "key-pair label", "self or terminal",
                        "identity certificate subject, or empty", "identity certificate end of validity (ISO-8601), or empty",
                        "days until the identity certificate expires, or Long.MAX_VALUE", "number of CA certificates"},
                    new OpenType<?>[] {SimpleType.STRING, SimpleType.STRING, SimpleType.STRING, SimpleType.STRING,
                        SimpleType.STRING, SimpleType.STRING, SimpleType.LONG, SimpleType.INTEGER});
            TRUSTPOINTS = new TabularType("Trustpoints", "The trustpoints", TRUSTPOINT, new String[] {"Name"});
            KEYPAIR = new CompositeType("KeyPair", "A key pair",
                    new String[] {"Label", "Algorithm", "Bits", "Trustpoints"},
                    new String[] {"key-pair label", "algorithm", "modulus size", "trustpoints using it, comma separated"},
                    new OpenType<?>[] {SimpleType.STRING, SimpleType.STRING, SimpleType.INTEGER, SimpleType.STRING});
            KEYPAIRS = new TabularType("KeyPairs", "The key pairs", KEYPAIR, new String[] {"Label"});
        } catch (OpenDataException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final PkiService pki;

    @Activate
    public PkiMBeanImpl(@Reference PkiService pki) throws NotCompliantMBeanException {
        super(PkiMBean.class);
        this.pki = pki;
    }

    @Override
    public TabularData getTrustpoints() {
        TabularDataSupport table = new TabularDataSupport(TRUSTPOINTS);
        for (TrustpointInfo t : pki.trustpoints()) {
            try {
                table.put(new CompositeDataSupport(TRUSTPOINT, TRUSTPOINT.keySet().toArray(new String[0]),
                        row(t)));
            } catch (OpenDataException e) {
                throw new IllegalStateException(e);
            }
        }
        return table;
    }

    private static Object[] row(TrustpointInfo t) {
        // CompositeType.keySet() is sorted: CaCertificates, DaysUntilExpiry, Enroll, Identity, KeyPair, Name, NotAfter, SubjectName
        return new Object[] {
            t.caCertificates().size(),
            t.identity().map(CertificateInfo::daysUntilExpiry).orElse(Long.MAX_VALUE),
            t.enrollMode().map(m -> m.name().toLowerCase()).orElse(""),
            t.identity().map(CertificateInfo::subject).orElse(""),
            t.keyPair().orElse(""),
            t.name(),
            t.identity().map(c -> c.notAfter().toString()).orElse(""),
            t.subjectName().orElse("")};
    }

    @Override
    public TabularData getKeyPairs() {
        TabularDataSupport table = new TabularDataSupport(KEYPAIRS);
        for (KeyPairInfo k : pki.keyPairs()) {
            try {
                // sorted keys: Algorithm, Bits, Label, Trustpoints
                table.put(new CompositeDataSupport(KEYPAIR, KEYPAIR.keySet().toArray(new String[0]),
                        new Object[] {k.algorithm(), k.bits(), k.label(), String.join(",", k.trustpoints())}));
            } catch (OpenDataException e) {
                throw new IllegalStateException(e);
            }
        }
        return table;
    }

    @Override
    public long getDaysUntilCertExpiry() {
        return pki.certificates().stream().mapToLong(CertificateInfo::daysUntilExpiry).min().orElse(Long.MAX_VALUE);
    }

    @Override
    public String generateRsaKeyPair(String label, int modulus) {
        return call(() -> pki.generateRsaKeyPair(label, modulus).fingerprint());
    }

    @Override
    public void removeKeyPair(String label) {
        run(() -> pki.removeKeyPair(label));
    }

    @Override
    public void defineTrustpoint(String name, String subjectName, String keyPair, String enroll) {
        run(() -> {
            TrustpointSpec spec = TrustpointSpec.named(name);
            if (subjectName != null && !subjectName.isEmpty()) {
                spec = spec.withSubjectName(subjectName);
            }
            if (keyPair != null && !keyPair.isEmpty()) {
                spec = spec.withKeyPair(keyPair);
            }
            if (enroll != null && !enroll.isEmpty()) {
                spec = spec.withEnrollMode(Validate.oneOf("enroll", enroll, EnrollMode.class));
            }
            pki.defineTrustpoint(spec);
        });
    }

    @Override
    public void removeTrustpoint(String name) {
        run(() -> pki.removeTrustpoint(name));
    }

    @Override
    public String enroll(String trustpoint) {
        EnrollmentResult r = call(() -> pki.enroll(trustpoint));
        return r.requestPem().orElseGet(() -> r.certificate().map(CertificateInfo::pem).orElse(""));
    }

    @Override
    public void importCertificate(String trustpoint, String pem) {
        run(() -> pki.importCertificate(trustpoint, pem));
    }

    @Override
    public void authenticate(String trustpoint, String pem) {
        run(() -> pki.authenticate(trustpoint, pem));
    }

    @Override
    public String exportIdentityCertificate(String trustpoint) {
        return call(() -> pki.exportIdentityCertificate(trustpoint));
    }

    /**
     * Runs an operation, turning a ValidationException (an imegate class a plain JMX client cannot
     * load) into an IllegalArgumentException with the same message.
     */
    private static <T> T call(java.util.function.Supplier<T> op) {
        try {
            return op.get();
        } catch (org.imegate.api.validation.ValidationException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    private static void run(Runnable op) {
        call(() -> {
            op.run();
            return null;
        });
    }
}
