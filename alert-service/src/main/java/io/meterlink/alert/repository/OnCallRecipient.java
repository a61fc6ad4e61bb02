package io.meterlink.alert.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** An on-call number for one product, set through the API; overrides configured routing for that product. */
@Entity
@Table(name = "oncall_recipient")
@IdClass(OnCallRecipient.Key.class)
public class OnCallRecipient {

    @Id
    @Column(name = "product_key")
    public String productKey;

    @Id
    @Column(name = "phone_number")
    public String phoneNumber;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** Composite key: product and number. */
    public static class Key implements Serializable {
        public String productKey;
        public String phoneNumber;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.productKey.equals(productKey) && k.phoneNumber.equals(phoneNumber);
        }

        @Override
        public int hashCode() {
            return Objects.hash(productKey, phoneNumber);
        }
    }
}
