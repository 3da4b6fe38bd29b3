using Microsoft.VisualStudio.TestTools.UnitTesting;

// The tests only read files, so methods can run in parallel.
[assembly: Parallelize(Scope = ExecutionScope.MethodLevel)]
