package dev.skein.gateway.apikey;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A tenant the gateway has issued a key to; its id scopes every public call. */
@Entity
@Table(name = "tenants", schema = "gateway")
class RegisteredTenant {

    @Id
    private String id;

    @Column(name = "created_at", insertable = false, updatable = false)
    private Instant createdAt;

    protected RegisteredTenant() {
    }

    String id() {
        return this.id;
    }

    Instant createdAt() {
        return this.createdAt;
    }

}
