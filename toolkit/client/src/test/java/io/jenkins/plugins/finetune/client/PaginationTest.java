package io.jenkins.plugins.finetune.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.finetune.client.testing.ScriptedServer;
import io.jenkins.plugins.finetune.client.testing.ScriptedServer.Step;
import io.jenkins.plugins.finetune.client.testing.TestJobs;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** listAllJobs walks pages lazily by the last id and stops on has_more=false, an empty page or a stuck cursor. */
@Timeout(10)
class PaginationTest {

    private ScriptedServer server;
    private FineTuningClient client;

    @BeforeEach
    void start() {
        server = ScriptedServer.start();
        client = TestClients.client(server.baseUrl());
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private static List<String> ids(Iterable<FineTuningJob> jobs) {
        List<String> ids = new ArrayList<>();
        jobs.forEach(job -> ids.add(job.id()));
        return ids;
    }

    @Test
    void walksEveryPageWithTheLastIdAsCursor() {
        server.enqueue(
                Step.json(200, TestJobs.list(true, "j5", "j4")),
                Step.json(200, TestJobs.list(true, "j3", "j2")),
                Step.json(200, TestJobs.list(false, "j1")));
        assertThat(ids(client.listAllJobs(2))).containsExactly("j5", "j4", "j3", "j2", "j1");
        assertThat(server.requests())
                .extracting(ScriptedServer.Request::pathAndQuery)
                .containsExactly(
                        "/openai/v1/fine_tuning/jobs?api-version=v1&limit=2",
                        "/openai/v1/fine_tuning/jobs?api-version=v1&after=j4&limit=2",
                        "/openai/v1/fine_tuning/jobs?api-version=v1&after=j2&limit=2");
    }

    @Test
    void stopsOnAnEmptyPageEvenIfHasMoreSaysOtherwise() {
        server.enqueue(Step.json(200, TestJobs.list(true, "j2", "j1")), Step.json(200, TestJobs.list(true)));
        server.otherwise(Step.json(200, TestJobs.list(true, "never")));
        assertThat(ids(client.listAllJobs(2))).containsExactly("j2", "j1");
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void stopsWhenTheCursorDoesNotMove() {
        server.otherwise(Step.json(200, TestJobs.list(true, "same")));
        assertThat(ids(client.listAllJobs(1))).containsExactly("same", "same");
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void isLazyAndRestartable() {
        server.enqueue(
                Step.json(200, TestJobs.list(true, "j2")),
                Step.json(200, TestJobs.list(false, "j1")),
                Step.json(200, TestJobs.list(false, "j9")));
        Iterable<FineTuningJob> all = client.listAllJobs(1);
        assertThat(server.requestCount()).isZero();
        Iterator<FineTuningJob> it = all.iterator();
        assertThat(it.next().id()).isEqualTo("j2");
        assertThat(server.requestCount()).isEqualTo(1);
        assertThat(it.next().id()).isEqualTo("j1");
        assertThat(it.hasNext()).isFalse();
        assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
        assertThat(ids(all)).containsExactly("j9");
    }

    @Test
    void emptyFirstPage() {
        server.enqueue(Step.json(200, TestJobs.list(false)));
        assertThat(ids(client.listAllJobs(100))).isEmpty();
    }

    @Test
    void errorOnALaterPageSurfaces() {
        server.enqueue(Step.json(200, TestJobs.list(true, "j2")), Step.azureError(403, "PermissionDenied", "no", null));
        Iterator<FineTuningJob> it = client.listAllJobs(1).iterator();
        assertThat(it.next().id()).isEqualTo("j2");
        assertThatThrownBy(it::hasNext)
                .isInstanceOf(FineTuningApiException.class)
                .hasMessageStartingWith("Could not list fine-tuning jobs: the identity is not allowed");
    }

    @Test
    void aCursorThatComesBackLaterEndsTheWalkInsteadOfLoopingForever() {
        server.enqueue(
                Step.json(200, TestJobs.list(true, "j3")),
                Step.json(200, TestJobs.list(true, "j2")),
                Step.json(200, TestJobs.list(true, "j3")));
        server.otherwise(Step.json(200, TestJobs.list(true, "never")));

        assertThat(ids(client.listAllJobs(1))).containsExactly("j3", "j2", "j3");
        assertThat(server.requestCount()).isEqualTo(3);
    }

    @Test
    void aClientThatMustNotPresentPartialListsThrowsOnARepeatedCursor() {
        try (FineTuningClient strict = TestClients.builder(server.baseUrl())
                .failOnIncompleteListing(true)
                .build()) {
            server.enqueue(
                    Step.json(200, TestJobs.list(true, "j3")),
                    Step.json(200, TestJobs.list(true, "j2")),
                    Step.json(200, TestJobs.list(true, "j3")));
            Iterator<FineTuningJob> it = strict.listAllJobs(1).iterator();
            assertThat(it.next().id()).isEqualTo("j3");
            assertThat(it.next().id()).isEqualTo("j2");

            FineTuningIncompleteListingException e =
                    catchThrowableOfType(FineTuningIncompleteListingException.class, it::hasNext);

            assertThat(e.listed()).isEqualTo(2);
            assertThat(e.getMessage())
                    .isEqualTo(
                            "Could not list all fine-tuning jobs: Azure said more follow after 2 listed but"
                                    + " answered with a cursor seen before ('j3'), so the list is incomplete; try again later.");
        }
    }

    @Test
    void aClientThatMustNotPresentPartialListsThrowsOnAnEmptyPageClaimingMore() {
        try (FineTuningClient strict = TestClients.builder(server.baseUrl())
                .failOnIncompleteListing(true)
                .build()) {
            server.enqueue(Step.json(200, TestJobs.list(true, "j2", "j1")), Step.json(200, TestJobs.list(true)));

            assertThatThrownBy(() -> ids(strict.listAllJobs(2)))
                    .isInstanceOf(FineTuningIncompleteListingException.class)
                    .hasMessageContaining("after 2 listed but answered an empty page");
        }
    }

    @Test
    void aClientThatMustNotPresentPartialListsStillEndsNormallyOnTheLastPage() {
        try (FineTuningClient strict = TestClients.builder(server.baseUrl())
                .failOnIncompleteListing(true)
                .build()) {
            server.enqueue(Step.json(200, TestJobs.list(true, "j2")), Step.json(200, TestJobs.list(false, "j1")));

            assertThat(ids(strict.listAllJobs(1))).containsExactly("j2", "j1");
        }
    }
}
