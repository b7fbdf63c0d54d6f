using System;

namespace MlopsAnalyzers.Abstractions;

/// <summary>The base of the errors a model registry reports about its content.</summary>
public class ModelRegistryException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ModelRegistryException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public ModelRegistryException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A model, version, alias or artifact that does not exist.</summary>
public sealed class ModelNotFoundException : ModelRegistryException
{
    /// <summary>Creates the exception.</summary>
    public ModelNotFoundException(string message)
        : base(message)
    {
    }
}

/// <summary>
/// A registered version whose files are missing, unreadable or altered: the metadata JSON cannot be read, lacks a
/// required field, or the model or artifact file does not match the length and hash recorded at registration.
/// The registry never skips such a version silently.
/// </summary>
public sealed class CorruptModelException : ModelRegistryException
{
    /// <summary>Creates the exception for <paramref name="filePath"/>.</summary>
    public CorruptModelException(string filePath, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        FilePath = filePath;
    }

    /// <summary>The full path of the file at fault.</summary>
    public string FilePath { get; }
}

/// <summary>The caller's schema does not match the input schema a model version was trained with.</summary>
public sealed class ModelSchemaMismatchException : ModelRegistryException
{
    /// <summary>Creates the exception.</summary>
    public ModelSchemaMismatchException(string message, System.Collections.Generic.IReadOnlyList<string> mismatches)
        : base(message)
    {
        Mismatches = mismatches;
    }

    /// <summary>One line per column that differs.</summary>
    public System.Collections.Generic.IReadOnlyList<string> Mismatches { get; }
}
