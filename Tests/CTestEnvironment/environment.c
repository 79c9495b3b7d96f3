// libarchive converts zip and rar DOS times with the process's time zone and names with its
// locale. The exhibit binary fixes both first thing in main(); a test process has no main of
// ours, so this constructor does it as the test binary loads, before any test thread runs
// (setenv races every getenv).
#include <locale.h>
#include <stdlib.h>
#include <time.h>
#include "CTestEnvironment.h"

__attribute__((constructor)) static void exhibit_prepare_test_environment(void) {
    setenv("TZ", "UTC", 1);
    tzset();
    setlocale(LC_CTYPE, "C.UTF-8");
}

void exhibit_test_environment_prepared(void) {}
