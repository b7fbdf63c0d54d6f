using System;
using System.IO;

namespace MlopsAnalyzers.Abstractions.Tests.Registry;

/// <summary>The default registry reads an environment variable: these tests are the only ones that touch it.</summary>
public class DefaultRegistryAndHelpersTests
{
    [Fact]
    public void DefaultRootComesFromTheEnvironmentVariableElseTheCurrentDirectory()
    {
        var saved = Environment.GetEnvironmentVariable(ModelRegistry.RootEnvironmentVariable);
        try
        {
            var configured = Path.Combine(Path.GetTempPath(), "configured-registry");
            Environment.SetEnvironmentVariable(ModelRegistry.RootEnvironmentVariable, configured);
            Assert.Equal(Path.GetFullPath(configured), ModelRegistry.DefaultRoot);
            var registry = Assert.IsType<FileModelRegistry>(ModelRegistry.Default);
            Assert.Equal(Path.GetFullPath(configured), registry.RootDirectory);
            Assert.Same(registry, ModelRegistry.Default);

            Environment.SetEnvironmentVariable(ModelRegistry.RootEnvironmentVariable, null);
            var fallback = Path.GetFullPath(Path.Combine(Directory.GetCurrentDirectory(), ".mlops", "registry"));
            Assert.Equal(fallback, ModelRegistry.DefaultRoot);
            Assert.Equal(fallback, ((FileModelRegistry)ModelRegistry.Default).RootDirectory);
        }
        finally
        {
            Environment.SetEnvironmentVariable(ModelRegistry.RootEnvironmentVariable, saved);
        }
    }

    [Fact]
    public void SourceCommitIsReadFromHeadBranchRefsPackedRefsAndWorktrees()
    {
        var root = Path.Combine(Path.GetTempPath(), "mlops-git-" + Guid.NewGuid().ToString("N"));
        try
        {
            const string loose = "1111111111111111111111111111111111111111";
            const string packed = "2222222222222222222222222222222222222222";
            const string detached = "3333333333333333333333333333333333333333";

            var repo = Path.Combine(root, "repo");
            var git = Path.Combine(repo, ".git");
            Directory.CreateDirectory(Path.Combine(git, "refs", "heads"));
            Directory.CreateDirectory(Path.Combine(repo, "src", "deep"));
            File.WriteAllText(Path.Combine(git, "HEAD"), "ref: refs/heads/main\n");
            File.WriteAllText(Path.Combine(git, "refs", "heads", "main"), loose + "\n");
            Assert.Equal(loose, SourceCommit.FromGit(Path.Combine(repo, "src", "deep")));

            File.WriteAllText(Path.Combine(git, "HEAD"), "ref: refs/heads/release\n");
            File.WriteAllText(Path.Combine(git, "packed-refs"), "# pack-refs with: peeled\n" + packed + " refs/heads/release\n");
            Assert.Equal(packed, SourceCommit.FromGit(repo));

            // A worktree: ".git" is a file pointing at its own git dir, whose refs live in the common dir.
            var worktreeGitDir = Path.Combine(git, "worktrees", "wt");
            Directory.CreateDirectory(worktreeGitDir);
            File.WriteAllText(Path.Combine(worktreeGitDir, "HEAD"), "ref: refs/heads/main\n");
            File.WriteAllText(Path.Combine(worktreeGitDir, "commondir"), "../..\n");
            var worktree = Path.Combine(root, "wt");
            Directory.CreateDirectory(worktree);
            File.WriteAllText(Path.Combine(worktree, ".git"), "gitdir: " + worktreeGitDir + "\n");
            Assert.Equal(loose, SourceCommit.FromGit(worktree));

            File.WriteAllText(Path.Combine(worktreeGitDir, "HEAD"), detached + "\n");
            Assert.Equal(detached, SourceCommit.FromGit(worktree));

            Assert.Null(SourceCommit.FromGit(Path.GetPathRoot(Path.GetTempPath())!));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void DataFingerprintIsTheSha256OfTheFile()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "abc");
            Assert.Equal("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", DataFingerprint.OfFile(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
