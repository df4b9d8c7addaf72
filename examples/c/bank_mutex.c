/*
 * bank_mutex.c — concurrent transfers between bank accounts, each account
 * guarded by its own gort_mutex.
 *
 * A transfer must hold both accounts' locks.  Taking them in a fixed order
 * (by address) means two opposite transfers can never each hold one lock
 * and wait for the other: no deadlock.  However the goroutines interleave,
 * money is only moved, never created or lost, so the total stays the same.
 */
#include <gort.h>
#include <stdio.h>

enum { ACCOUNTS = 8, TELLERS = 16, TRANSFERS = 20000 };

typedef struct account {
    gort_mutex mu;
    long balance; /* guarded by mu */
} account;

static account bank[ACCOUNTS];
static gort_waitgroup wg;

static void transfer(account *from, account *to, long amount) {
    if (from == to) return;
    account *first = from < to ? from : to, *second = from < to ? to : from;
    gort_mutex_lock(&first->mu);
    gort_mutex_lock(&second->mu);
    if (from->balance >= amount) {
        from->balance -= amount;
        to->balance += amount;
    }
    gort_mutex_unlock(&second->mu);
    gort_mutex_unlock(&first->mu);
}

static void teller(void *arg) {
    unsigned s = (unsigned)(uintptr_t)arg * 2654435761u + 1;
    for (int i = 0; i < TRANSFERS; i++) {
        s = s * 1103515245u + 12345u;
        account *a = &bank[(s >> 8) % ACCOUNTS], *b = &bank[(s >> 16) % ACCOUNTS];
        transfer(a, b, 1 + (long)((s >> 4) % 50));
        if (i % 1000 == 0) gort_gosched();
    }
    gort_waitgroup_done(&wg);
}

static long total(void) {
    long sum = 0;
    for (int i = 0; i < ACCOUNTS; i++) { /* lock all, in order: a snapshot */
        gort_mutex_lock(&bank[i].mu);
    }
    for (int i = 0; i < ACCOUNTS; i++) sum += bank[i].balance;
    for (int i = ACCOUNTS - 1; i >= 0; i--) gort_mutex_unlock(&bank[i].mu);
    return sum;
}

static void main_fn(void *arg) {
    (void)arg;
    for (int i = 0; i < ACCOUNTS; i++) bank[i].balance = 1000;
    printf("total before: %ld\n", total());
    gort_waitgroup_add(&wg, TELLERS);
    for (long t = 0; t < TELLERS; t++) gort_go(teller, (void *)t);
    gort_waitgroup_wait(&wg);
    printf("%d tellers made %d transfers each\n", TELLERS, TRANSFERS);
    printf("total after:  %ld\n", total());
}

int main(void) { return gort_main(NULL, main_fn, NULL); }
