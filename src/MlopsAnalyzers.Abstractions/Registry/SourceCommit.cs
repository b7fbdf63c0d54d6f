using System;
using System.IO;

namespace MlopsAnalyzers.Abstractions;

/// <summary>
/// Finds the source commit a model is trained from: the commit variable of the CI system running the build, else the
/// HEAD of the git repository that contains the current directory (read from the <c>.git</c> folder, without running
/// git). Used by the registry when a registration does not give one.
/// </summary>
public static class SourceCommit
{
    /// <summary>The CI variables read, in order: GitHub Actions, GitLab, Azure Pipelines, Jenkins, CircleCI, Bitbucket, Travis, TeamCity/generic.</summary>
    public static readonly string[] EnvironmentVariables =
    {
        "GITHUB_SHA", "CI_COMMIT_SHA", "BUILD_SOURCEVERSION", "GIT_COMMIT", "CIRCLE_SHA1", "BITBUCKET_COMMIT", "TRAVIS_COMMIT", "BUILD_VCS_NUMBER",
    };

    /// <summary>The commit from the CI variables or the git repository around the current directory, or null.</summary>
    public static string? Detect() => Detect(Directory.GetCurrentDirectory());

    /// <summary>The commit from the CI variables or the git repository around <paramref name="directory"/>, or null.</summary>
    public static string? Detect(string directory)
    {
        foreach (var variable in EnvironmentVariables)
        {
            var value = Environment.GetEnvironmentVariable(variable);
            if (!string.IsNullOrWhiteSpace(value))
            {
                return value!.Trim();
            }
        }

        try
        {
            return FromGit(directory);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The HEAD commit of the git repository containing <paramref name="directory"/>, or null.</summary>
    public static string? FromGit(string directory)
    {
        for (var current = new DirectoryInfo(directory); current is not null; current = current.Parent)
        {
            var dotGit = Path.Combine(current.FullName, ".git");
            string gitDir;
            if (Directory.Exists(dotGit))
            {
                gitDir = dotGit;
            }
            else if (File.Exists(dotGit))
            {
                // A worktree or submodule: ".git" is a file "gitdir: <path>".
                var pointer = File.ReadAllText(dotGit).Trim();
                if (!pointer.StartsWith("gitdir:", StringComparison.Ordinal))
                {
                    return null;
                }

                gitDir = Path.GetFullPath(Path.Combine(current.FullName, pointer.Substring("gitdir:".Length).Trim()));
            }
            else
            {
                continue;
            }

            return ReadHead(gitDir);
        }

        return null;
    }

    private static string? ReadHead(string gitDir)
    {
        var headPath = Path.Combine(gitDir, "HEAD");
        if (!File.Exists(headPath))
        {
            return null;
        }

        var head = File.ReadAllText(headPath).Trim();
        if (!head.StartsWith("ref:", StringComparison.Ordinal))
        {
            return IsHash(head) ? head : null;
        }

        var reference = head.Substring("ref:".Length).Trim();
        var commonDir = gitDir;
        var commonDirFile = Path.Combine(gitDir, "commondir");
        if (File.Exists(commonDirFile))
        {
            commonDir = Path.GetFullPath(Path.Combine(gitDir, File.ReadAllText(commonDirFile).Trim()));
        }

        foreach (var dir in new[] { gitDir, commonDir })
        {
            var refPath = Path.Combine(dir, reference.Replace('/', Path.DirectorySeparatorChar));
            if (File.Exists(refPath))
            {
                var value = File.ReadAllText(refPath).Trim();
                return IsHash(value) ? value : null;
            }
        }

        var packed = Path.Combine(commonDir, "packed-refs");
        if (File.Exists(packed))
        {
            foreach (var line in File.ReadAllLines(packed))
            {
                var parts = line.Split(' ');
                if (parts.Length == 2 && parts[1] == reference && IsHash(parts[0]))
                {
                    return parts[0];
                }
            }
        }

        return null;
    }

    private static bool IsHash(string text)
    {
        if (text.Length < 40)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            {
                return false;
            }
        }

        return true;
    }
}
