package dev.latchkey.servlet;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.core.Account;
import dev.latchkey.core.DeviceSession;
import dev.latchkey.core.SessionId;
import java.util.List;

/** The JSON of users and sessions, the same in every endpoint that answers them. */
final class JsonViews {

    private JsonViews() {
    }

    /** A user: never a password or its hash. */
    static ObjectNode user(Account user) {
        ObjectNode node = Json.object();
        node.put("id", user.id().toString());
        node.put("real_name", user.realName());
        node.put("email", user.email());
        node.put("phone_number", user.phoneNumber());
        node.put("is_active", user.active());
        node.put("created_at", user.createdAt().toString());
        ArrayNode roles = node.putArray("roles");
        user.roles().forEach(roles::add);
        node.put("email_verified", user.emailVerified());
        return node;
    }

    /** Sessions, {@code current} marking the one of {@code current} (null for none). */
    static ArrayNode sessions(List<DeviceSession> sessions, SessionId current) {
        ArrayNode list = Json.array();
        for (DeviceSession session : sessions) {
            ObjectNode item = list.addObject();
            item.put("id", session.id().toString());
            item.put("device_name", session.deviceName());
            item.put("ip_address", session.ipAddress());
            item.put("user_agent", session.userAgent());
            item.put("created_at", session.createdAt().toString());
            item.put("last_used_at", session.lastUsedAt().toString());
            item.put("last_ip_address", session.lastIpAddress());
            item.put("expires_at", session.expiresAt().toString());
            item.put("current", session.id().equals(current));
        }
        return list;
    }

    /** {@code {"message": text}}. */
    static ObjectNode message(String text) {
        ObjectNode node = Json.object();
        node.put("message", text);
        return node;
    }
}
