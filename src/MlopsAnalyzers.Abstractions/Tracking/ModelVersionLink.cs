using System;

namespace MlopsAnalyzers.Abstractions.Tracking;

/// <summary>
/// The registered model version a run produced: a model name and version number in the model registry, and optionally
/// the alias it was given (such as <c>production</c>). A plain reference: the tracker does not check the registry.
/// </summary>
public sealed class ModelVersionLink : IEquatable<ModelVersionLink>
{
    /// <summary>Creates a link to version <paramref name="version"/> of model <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">The name is empty or white space, or the alias is empty or white space.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The version is less than 1 (registry versions start at 1).</exception>
    public ModelVersionLink(string name, int version, string? alias = null)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("A model name is required.", nameof(name));
        }

        if (version < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(version), version, "Model versions are numbered from 1.");
        }

        if (alias is not null && string.IsNullOrWhiteSpace(alias))
        {
            throw new ArgumentException("An alias, when given, must not be empty.", nameof(alias));
        }

        Name = name;
        Version = version;
        Alias = alias;
    }

    /// <summary>The registered model's name.</summary>
    public string Name { get; }

    /// <summary>The version number (from 1).</summary>
    public int Version { get; }

    /// <summary>The alias the version was given when the run linked it, or null.</summary>
    public string? Alias { get; }

    /// <inheritdoc/>
    public bool Equals(ModelVersionLink? other)
        => other is not null
            && string.Equals(Name, other.Name, StringComparison.Ordinal)
            && Version == other.Version
            && string.Equals(Alias, other.Alias, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ModelVersionLink);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        unchecked
        {
            return (StringComparer.Ordinal.GetHashCode(Name) * 397) ^ Version;
        }
    }

    /// <summary><c>name@version</c>, with <c> (alias)</c> when there is one.</summary>
    public override string ToString() => Alias is null ? $"{Name}@{Version}" : $"{Name}@{Version} ({Alias})";
}
