using Microsoft.VisualStudio.TestTools.UnitTesting;

// The tests only read files that exist before they start, so methods can run in parallel.
[assembly: Parallelize(Scope = ExecutionScope.MethodLevel)]
