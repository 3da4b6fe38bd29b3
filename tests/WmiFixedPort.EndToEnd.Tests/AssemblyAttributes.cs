using Microsoft.VisualStudio.TestTools.UnitTesting;

// The end-to-end scenarios share one machine (one winmgmt, one firewall, one Windows Installer):
// nothing in this assembly may run in parallel.
[assembly: DoNotParallelize]
