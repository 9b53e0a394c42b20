package dev.latchkey.core;

import java.util.List;

/**
 * One page of a user listing.
 *
 * @param users the users on this page, newest registration first
 * @param page the page number, from 0
 * @param size the page size asked for
 * @param total how many users match in all
 */
public record UserPage(List<Account> users, int page, int size, long total) {

    /** Copies the list. */
    public UserPage {
        users = List.copyOf(users);
    }
}
