package io.sagitta.core.net.pdu;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * User Identity sub-item of a request (PS3.7 section D.3.3.7.1). The fields are bytes because their
 * meaning depends on the type: a UTF-8 user name and passcode, a Kerberos ticket, a SAML assertion or
 * a JWT. {@link #toString()} never shows the secondary field (a password).
 */
public record UserIdentityRq(int identityType, boolean positiveResponseRequested, byte[] primaryField,
                             byte[] secondaryField) {

    public static final int USERNAME = 1;
    public static final int USERNAME_AND_PASSCODE = 2;
    public static final int KERBEROS = 3;
    public static final int SAML = 4;
    public static final int JWT = 5;

    public UserIdentityRq {
        AAbort.checkByte(identityType, "user identity type");
        primaryField = primaryField == null ? new byte[0] : primaryField.clone();
        secondaryField = secondaryField == null ? new byte[0] : secondaryField.clone();
        if (primaryField.length > 0xFFFF || secondaryField.length > 0xFFFF) {
            throw new IllegalArgumentException("user identity fields are limited to 65535 bytes");
        }
    }

    public static UserIdentityRq username(String username, boolean positiveResponseRequested) {
        return new UserIdentityRq(USERNAME, positiveResponseRequested, username.getBytes(StandardCharsets.UTF_8), null);
    }

    public static UserIdentityRq usernameAndPasscode(String username, String passcode, boolean positiveResponseRequested) {
        return new UserIdentityRq(USERNAME_AND_PASSCODE, positiveResponseRequested,
            username.getBytes(StandardCharsets.UTF_8), passcode.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public byte[] primaryField() {
        return primaryField.clone();
    }

    @Override
    public byte[] secondaryField() {
        return secondaryField.clone();
    }

    /** The primary field as UTF-8 text (a user name for types 1 and 2). */
    public String primaryText() {
        return new String(primaryField, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserIdentityRq other && identityType == other.identityType
            && positiveResponseRequested == other.positiveResponseRequested
            && Arrays.equals(primaryField, other.primaryField) && Arrays.equals(secondaryField, other.secondaryField);
    }

    @Override
    public int hashCode() {
        return (identityType * 31 + Arrays.hashCode(primaryField)) * 31 + Arrays.hashCode(secondaryField);
    }

    @Override
    public String toString() {
        return "UserIdentityRq[type=" + identityType + ", positiveResponseRequested=" + positiveResponseRequested
            + ", primary=" + primaryField.length + " bytes, secondary=" + secondaryField.length + " bytes]";
    }
}
