// The test process's environment, fixed before any test thread starts (see environment.c).
void exhibit_test_environment_prepared(void);
