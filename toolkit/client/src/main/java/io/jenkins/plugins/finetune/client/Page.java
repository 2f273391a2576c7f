package io.jenkins.plugins.finetune.client;

import java.util.List;

/**
 * One page of a list route: its items and whether more follow.
 *
 * @param data    the items, in the order Azure sent them
 * @param hasMore whether another page follows (ask for it with the last item's id as {@code after})
 */
public record Page<T>(List<T> data, boolean hasMore) {

    public Page {
        data = List.copyOf(data);
    }
}
