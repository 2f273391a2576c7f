package io.jenkins.plugins.finetune.calls;

import com.cloudbees.plugins.credentials.Credentials;
import com.thoughtworks.xstream.XStream;
import com.thoughtworks.xstream.converters.Converter;
import com.thoughtworks.xstream.converters.MarshallingContext;
import com.thoughtworks.xstream.converters.UnmarshallingContext;
import com.thoughtworks.xstream.io.HierarchicalStreamReader;
import com.thoughtworks.xstream.io.HierarchicalStreamWriter;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.util.Secret;
import hudson.util.XStream2;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.crypto.KeyGenerator;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * A digest of what credentials are now, secrets included, so that the shared clients and tokens of a credential
 * whose secret (or any other field) changed are never used again: the next call gets a new key.
 *
 * <p>It is an HMAC-SHA256, under a random key made when the controller starts, of the credentials' class and
 * XStream form, with every {@link Secret} written as its plain text into the digest only (nothing is kept or
 * written anywhere): the encrypted form would change with every new {@code Secret} instance of the same value,
 * and the plain text alone would be guessable from an unkeyed hash. Credentials plugin's own fingerprint
 * ({@code CredentialsProvider.getFingerprintOf}) is a usage record of the encrypted form, not a value to key by.
 */
final class CredentialFingerprint {

    private static final String HMAC = "HmacSHA256";
    private static final Logger LOGGER = Logger.getLogger(CredentialFingerprint.class.getName());
    private static final SecretKey KEY = randomKey();
    private static final XStream PLAIN_SECRETS = plainSecrets();

    private CredentialFingerprint() {}

    /** Hex HMAC-SHA256 of the credentials as they are now; never the secret itself. */
    @NonNull
    static String of(@NonNull Credentials credentials) {
        Mac mac = mac();
        mac.update(credentials.getClass().getName().getBytes(StandardCharsets.UTF_8));
        try (Writer writer = new OutputStreamWriter(new MacOutputStream(mac), StandardCharsets.UTF_8)) {
            PLAIN_SECRETS.toXML(credentials, writer);
        } catch (IOException | RuntimeException e) {
            // Credentials XStream cannot write: never shared, so a changed secret can never be mistaken for
            // the old one (each call gets a client of its own, dropped when idle).
            LOGGER.log(Level.FINE, "Cannot fingerprint credentials of " + credentials.getClass(), e);
            return "unshared-" + UUID.randomUUID();
        }
        return HexFormat.of().formatHex(mac.doFinal());
    }

    /** Hex HMAC-SHA256 of a text (e.g. a proxy password), under the same key. */
    @NonNull
    static String ofText(@NonNull String text) {
        return HexFormat.of().formatHex(mac().doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static SecretKey randomKey() {
        try {
            return KeyGenerator.getInstance(HMAC).generateKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK must provide " + HMAC, e);
        }
    }

    private static Mac mac() {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(KEY);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK must provide " + HMAC, e);
        }
    }

    private static XStream plainSecrets() {
        XStream2 xstream = new XStream2();
        xstream.registerConverter(new PlainSecretConverter(), XStream.PRIORITY_VERY_HIGH);
        return xstream;
    }

    /** Writes a secret's value, for the digest only; never reads one. */
    private static final class PlainSecretConverter implements Converter {
        @Override
        public boolean canConvert(Class type) {
            return type == Secret.class;
        }

        @Override
        public void marshal(Object source, HierarchicalStreamWriter writer, MarshallingContext context) {
            writer.setValue(Secret.toString((Secret) source));
        }

        @Override
        public Object unmarshal(HierarchicalStreamReader reader, UnmarshallingContext context) {
            throw new UnsupportedOperationException("a fingerprint is never read back");
        }
    }

    private static final class MacOutputStream extends OutputStream {
        private final Mac mac;

        MacOutputStream(Mac mac) {
            this.mac = mac;
        }

        @Override
        public void write(int b) {
            mac.update((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            mac.update(b, off, len);
        }
    }
}
