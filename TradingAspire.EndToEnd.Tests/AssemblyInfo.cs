// Every test class of this assembly starts the whole AppHost (DCP, PostgreSQL, Redis, services): on the 2 cores of a
// developer machine or CI, classes run one after another so each system starts within its deadlines.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
