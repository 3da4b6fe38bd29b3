using Microsoft.VisualStudio.TestTools.UnitTesting;

// Every test builds its own in-memory machine, so methods can run in parallel.
[assembly: Parallelize(Scope = ExecutionScope.MethodLevel)]
