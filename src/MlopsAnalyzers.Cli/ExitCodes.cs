namespace MlopsAnalyzers.Cli;

/// <summary>The exit codes of <c>mlops</c>, documented in the README's "Model CI/CD" section. Stable: pipelines branch on them.</summary>
public static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>Any other failure: the store cannot be reached, a store package or credentials are missing, an I/O error.</summary>
    public const int Error = 1;

    /// <summary>The command line is wrong: an unknown option, a missing argument, an invalid name or requirement.</summary>
    public const int Usage = 2;

    /// <summary>A model, version, alias, experiment or metric that does not exist.</summary>
    public const int NotFound = 3;

    /// <summary><c>models promote</c>: a requirement failed, so the alias was not moved.</summary>
    public const int GateFailed = 4;

    /// <summary>Stored content is corrupt: unreadable metadata, or a model file that does not match its recorded length and SHA-256.</summary>
    public const int Corrupt = 5;
}

/// <summary>A failure the tool reports with its own message and exit code.</summary>
public sealed class CliException : System.Exception
{
    public CliException(int exitCode, string message)
        : base(message)
    {
        ExitCode = exitCode;
    }

    public int ExitCode { get; }
}
