using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using Microsoft.ML;

namespace MlopsAnalyzers.Abstractions;

/// <summary>
/// A model registry in a folder: one folder per model name, one per version, each holding the ML.NET model file
/// (<c>model.zip</c>), its metadata (<c>metadata.json</c>) and any extra artifacts (<c>artifacts/</c>); a model's
/// aliases are in its <c>aliases.json</c>.
/// <code>
/// root/
///   house-prices/
///     aliases.json            {"production": 2}
///     1/  model.zip  metadata.json
///     2/  model.zip  metadata.json  artifacts/baseline.json
/// </code>
/// </summary>
/// <remarks>
/// <para>
/// A version is written in a temporary folder (<c>.tmp-*</c>) and published by renaming that folder to its number.
/// The rename is atomic and fails when the number is taken, so it is also how a version number is claimed: two
/// threads or processes that register the same name at once both succeed, with distinct numbers, and no lock is
/// held while a model is written. A crash never leaves a half-written version visible; leftover temporary folders are
/// ignored, and removed by a later registration once their process is gone (or after a day, for another machine's).
/// </para>
/// <para>
/// Alias updates are serialized by an exclusive lock on the model's <c>.lock</c> file (released by the operating
/// system if the process dies) and written by atomic replacement. The root may be a shared folder, as long as its
/// file system supports atomic renames and file locks.
/// </para>
/// </remarks>
public sealed class FileModelRegistry : IModelRegistry
{
    /// <summary>The model file in each version folder.</summary>
    public const string ModelFileName = "model.zip";

    /// <summary>The metadata file in each version folder.</summary>
    public const string MetadataFileName = "metadata.json";

    /// <summary>The folder of extra artifacts in a version folder.</summary>
    public const string ArtifactsFolderName = "artifacts";

    /// <summary>The alias file in each model folder.</summary>
    public const string AliasesFileName = "aliases.json";

    private const string LockFileName = ".lock";
    private const string TemporaryPrefix = ".tmp-";
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ForeignTemporaryLifetime = TimeSpan.FromDays(1);

    /// <summary>Creates a registry rooted at <paramref name="rootDirectory"/> (created on the first registration).</summary>
    public FileModelRegistry(string rootDirectory)
    {
        if (string.IsNullOrWhiteSpace(rootDirectory))
        {
            throw new ArgumentException("The registry root folder is empty.", nameof(rootDirectory));
        }

        RootDirectory = Path.GetFullPath(rootDirectory);
    }

    /// <summary>The full path of the root folder.</summary>
    public string RootDirectory { get; }

    /// <inheritdoc />
    public ModelVersion Register(MLContext mlContext, string name, ITransformer model, DataViewSchema inputSchema, ModelRegistration? registration = null)
    {
        if (mlContext is null)
        {
            throw new ArgumentNullException(nameof(mlContext));
        }

        RegistryNames.ValidateModelName(name);
        if (model is null)
        {
            throw new ArgumentNullException(nameof(model));
        }

        if (inputSchema is null)
        {
            throw new ArgumentNullException(nameof(inputSchema), "Register the model with the schema of the data it was fitted on (its signature), for example trainingData.Schema.");
        }

        registration ??= new ModelRegistration();
        foreach (var alias in registration.Aliases)
        {
            RegistryNames.ValidateAlias(alias, nameof(registration));
        }

        foreach (var artifact in registration.Artifacts)
        {
            RegistryNames.ValidateArtifactName(artifact.Key, nameof(registration));
            if (artifact.Value is null)
            {
                throw new ArgumentException($"The artifact '{artifact.Key}' has no content.", nameof(registration));
            }
        }

        var modelDirectory = ModelDirectory(name);
        Directory.CreateDirectory(modelDirectory);
        RemoveStaleTemporaryFolders(modelDirectory);

        var temporary = Path.Combine(modelDirectory, $"{TemporaryPrefix}{CurrentProcessId}-{Guid.NewGuid():N}-{Environment.MachineName}");
        Directory.CreateDirectory(temporary);
        try
        {
            var document = WriteVersionContent(temporary, mlContext, name, model, inputSchema, registration);
            var version = Publish(modelDirectory, temporary, document);
            foreach (var alias in registration.Aliases)
            {
                SetAlias(name, alias, version);
            }

            return GetVersion(name, version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        finally
        {
            if (Directory.Exists(temporary))
            {
                TryDeleteDirectory(temporary);
            }
        }
    }

    /// <inheritdoc />
    public ITransformer Load(MLContext mlContext, string name, string versionOrAlias, out DataViewSchema inputSchema)
    {
        if (mlContext is null)
        {
            throw new ArgumentNullException(nameof(mlContext));
        }

        var version = ResolveVersion(name, versionOrAlias);
        var directory = VersionDirectory(name, version);
        var document = VersionMetadataFile.Read(Path.Combine(directory, MetadataFileName), name, version);
        var modelPath = Path.Combine(directory, ModelFileName);
        var bytes = ReadVerified(modelPath, document.ModelFile!, $"The model file of version {version} of model '{name}'");
        using var stream = new MemoryStream(bytes, writable: false);
        try
        {
            return mlContext.Model.Load(stream, out inputSchema);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or InvalidDataException or ArgumentException)
        {
            throw new ModelRegistryException($"ML.NET could not load '{modelPath}' (version {version} of model '{name}'): {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public ModelVersion GetVersion(string name, string versionOrAlias)
    {
        var version = ResolveVersion(name, versionOrAlias);
        return ReadVersion(name, version, ReadAliases(name));
    }

    /// <inheritdoc />
    public IReadOnlyList<ModelVersion> ListVersions(string name)
    {
        RegistryNames.ValidateModelName(name);
        var aliases = ReadAliases(name);
        return VersionNumbers(name).Select(v => ReadVersion(name, v, aliases)).ToList();
    }

    /// <inheritdoc />
    public IReadOnlyList<string> ListModels()
    {
        if (!Directory.Exists(RootDirectory))
        {
            return Array.Empty<string>();
        }

        return Directory.GetDirectories(RootDirectory)
            .Select(Path.GetFileName)
            .Where(n => RegistryNames.IsValidModelName(n) && VersionNumbers(n!).Count > 0)
            .Select(n => n!)
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();
    }

    /// <inheritdoc />
    public void SetAlias(string name, string alias, int version)
    {
        RegistryNames.ValidateModelName(name);
        RegistryNames.ValidateAlias(alias);
        if (!VersionNumbers(name).Contains(version))
        {
            throw new ModelNotFoundException($"Model '{name}' has no version {version} in '{RootDirectory}'{DescribeVersions(name)}.");
        }

        using (AcquireLock(name))
        {
            var path = AliasesPath(name);
            var aliases = VersionMetadataFile.ReadAliases(path);
            aliases[alias] = version;
            VersionMetadataFile.WriteAliases(path, aliases);
        }
    }

    /// <inheritdoc />
    public bool RemoveAlias(string name, string alias)
    {
        RegistryNames.ValidateModelName(name);
        RegistryNames.ValidateAlias(alias);
        if (!Directory.Exists(ModelDirectory(name)))
        {
            return false;
        }

        using (AcquireLock(name))
        {
            var path = AliasesPath(name);
            var aliases = VersionMetadataFile.ReadAliases(path);
            if (!aliases.Remove(alias))
            {
                return false;
            }

            VersionMetadataFile.WriteAliases(path, aliases);
            return true;
        }
    }

    /// <inheritdoc />
    public byte[] ReadArtifact(string name, string versionOrAlias, string artifactName)
    {
        RegistryNames.ValidateArtifactName(artifactName);
        var version = ResolveVersion(name, versionOrAlias);
        var directory = VersionDirectory(name, version);
        var document = VersionMetadataFile.Read(Path.Combine(directory, MetadataFileName), name, version);
        var entry = document.Artifacts?.FirstOrDefault(a => a.Name == artifactName)
            ?? throw new ModelNotFoundException($"Version {version} of model '{name}' has no artifact '{artifactName}'.");
        return ReadVerified(Path.Combine(directory, ArtifactsFolderName, artifactName), entry, $"The artifact '{artifactName}' of version {version} of model '{name}'");
    }

    /// <inheritdoc />
    public override string ToString() => $"File model registry at '{RootDirectory}'";

    private static int CurrentProcessId { get; } = Process.GetCurrentProcess().Id;

    private static string MlNetVersion { get; } = GetMlNetVersion();

    private string ModelDirectory(string name) => Path.Combine(RootDirectory, name);

    private string VersionDirectory(string name, int version) => Path.Combine(RootDirectory, name, version.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private string AliasesPath(string name) => Path.Combine(RootDirectory, name, AliasesFileName);

    private VersionMetadataFile.Document WriteVersionContent(string directory, MLContext mlContext, string name, ITransformer model, DataViewSchema inputSchema, ModelRegistration registration)
    {
        var modelPath = Path.Combine(directory, ModelFileName);
        using (var stream = new FileStream(modelPath, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            mlContext.Model.Save(model, inputSchema, stream);
            stream.Flush(flushToDisk: true);
        }

        VersionMetadataFile.FileEntry modelEntry;
        using (var stream = File.OpenRead(modelPath))
        {
            modelEntry = new VersionMetadataFile.FileEntry { Name = ModelFileName, Length = stream.Length, Sha256 = Hashing.Sha256Hex(stream) };
        }

        var artifacts = new List<VersionMetadataFile.FileEntry>();
        if (registration.Artifacts.Count > 0)
        {
            var artifactDirectory = Path.Combine(directory, ArtifactsFolderName);
            Directory.CreateDirectory(artifactDirectory);
            foreach (var artifact in registration.Artifacts.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                VersionMetadataFile.WriteDurably(Path.Combine(artifactDirectory, artifact.Key), artifact.Value);
                artifacts.Add(new VersionMetadataFile.FileEntry { Name = artifact.Key, Length = artifact.Value.LongLength, Sha256 = Hashing.Sha256Hex(artifact.Value) });
            }
        }

        return new VersionMetadataFile.Document
        {
            FormatVersion = VersionMetadataFile.CurrentFormatVersion,
            Name = name,
            CreatedAtUtc = DateTimeOffset.UtcNow,
            MlNetVersion = MlNetVersion,
            ModelFile = modelEntry,
            InputSchema = inputSchema.Select(c => new VersionMetadataFile.ColumnEntry { Name = c.Name, Type = c.Type.ToString() ?? "", IsHidden = c.IsHidden }).ToList(),
            Seed = registration.Seed,
            SourceCommit = registration.SourceCommit ?? SourceCommit.Detect(),
            TrainingDataFingerprint = registration.TrainingDataFingerprint,
            Description = registration.Description,
            Parameters = new Dictionary<string, string>(registration.Parameters, StringComparer.Ordinal),
            Metrics = new Dictionary<string, double>(registration.Metrics, StringComparer.Ordinal),
            Tags = new Dictionary<string, string>(registration.Tags, StringComparer.Ordinal),
            Artifacts = artifacts,
        };
    }

    /// <summary>
    /// Claims the next free version number by renaming the complete temporary folder to it. The rename fails when
    /// another writer published that number first (its folder is never empty); then the next number is tried.
    /// </summary>
    private int Publish(string modelDirectory, string temporary, VersionMetadataFile.Document document)
    {
        var name = document.Name!;
        for (var attempt = 0; attempt < 10_000; attempt++)
        {
            var versions = VersionNumbers(name);
            var candidate = versions.Count == 0 ? 1 : versions[versions.Count - 1] + 1;
            document.Version = candidate;
            VersionMetadataFile.Write(Path.Combine(temporary, MetadataFileName), document);

            var target = VersionDirectory(name, candidate);
            try
            {
                Directory.Move(temporary, target);
                return candidate;
            }
            catch (IOException) when (Directory.Exists(target))
            {
                // Another writer took this number between the listing and the rename: try the next one.
            }
        }

        throw new ModelRegistryException($"Could not claim a version number for model '{name}' in '{modelDirectory}'.");
    }

    private int ResolveVersion(string name, string versionOrAlias)
    {
        RegistryNames.ValidateModelName(name);
        if (string.IsNullOrWhiteSpace(versionOrAlias))
        {
            throw new ArgumentException("Give a version number, 'latest' or an alias.", nameof(versionOrAlias));
        }

        if (!Directory.Exists(ModelDirectory(name)))
        {
            throw new ModelNotFoundException($"No model named '{name}' is registered in '{RootDirectory}'.");
        }

        var versions = VersionNumbers(name);
        if (string.Equals(versionOrAlias, ModelAliases.Latest, StringComparison.OrdinalIgnoreCase))
        {
            return versions.Count > 0
                ? versions[versions.Count - 1]
                : throw new ModelNotFoundException($"Model '{name}' has no registered version in '{RootDirectory}'.");
        }

        if (RegistryNames.TryParseVersion(versionOrAlias, out var number))
        {
            return versions.Contains(number)
                ? number
                : throw new ModelNotFoundException($"Model '{name}' has no version {number} in '{RootDirectory}'{DescribeVersions(name)}.");
        }

        var aliasesPath = AliasesPath(name);
        var aliases = VersionMetadataFile.ReadAliases(aliasesPath);
        if (!aliases.TryGetValue(versionOrAlias, out var aliased))
        {
            var known = aliases.Count == 0 ? "it has no alias" : "its aliases are " + string.Join(", ", aliases.Keys.OrderBy(k => k, StringComparer.Ordinal));
            throw new ModelNotFoundException($"Model '{name}' has no alias '{versionOrAlias}' in '{RootDirectory}' ({known}).");
        }

        if (!versions.Contains(aliased))
        {
            throw new CorruptModelException(aliasesPath, $"The alias '{versionOrAlias}' of model '{name}' points at version {aliased}, which does not exist ('{aliasesPath}').");
        }

        return aliased;
    }

    private ModelVersion ReadVersion(string name, int version, Dictionary<string, int> aliases)
    {
        var directory = VersionDirectory(name, version);
        var d = VersionMetadataFile.Read(Path.Combine(directory, MetadataFileName), name, version);
        return new ModelVersion(
            name,
            version,
            d.CreatedAtUtc!.Value,
            d.MlNetVersion ?? "",
            d.InputSchema!.Select(c => new ModelSchemaColumn(c.Name ?? "", c.Type ?? "", c.IsHidden)).ToList(),
            d.Seed,
            d.SourceCommit,
            d.TrainingDataFingerprint,
            d.Description,
            d.Parameters ?? new Dictionary<string, string>(),
            d.Metrics ?? new Dictionary<string, double>(),
            d.Tags ?? new Dictionary<string, string>(),
            (d.Artifacts ?? new List<VersionMetadataFile.FileEntry>()).Select(a => new ModelArtifact(a.Name ?? "", a.Length, a.Sha256 ?? "")).ToList(),
            aliases.Where(a => a.Value == version).Select(a => a.Key).OrderBy(a => a, StringComparer.Ordinal).ToList(),
            directory);
    }

    private Dictionary<string, int> ReadAliases(string name) => VersionMetadataFile.ReadAliases(AliasesPath(name));

    /// <summary>The published versions of a model, ascending: the folders whose name is a version number.</summary>
    private List<int> VersionNumbers(string name)
    {
        var directory = ModelDirectory(name);
        var versions = new List<int>();
        if (!Directory.Exists(directory))
        {
            return versions;
        }

        foreach (var path in Directory.GetDirectories(directory))
        {
            if (RegistryNames.TryParseVersion(Path.GetFileName(path), out var version))
            {
                versions.Add(version);
            }
        }

        versions.Sort();
        return versions;
    }

    private string DescribeVersions(string name)
    {
        var versions = VersionNumbers(name);
        return versions.Count == 0 ? " (it has none)" : $" (it has {string.Join(", ", versions)})";
    }

    private static byte[] ReadVerified(string path, VersionMetadataFile.FileEntry entry, string what)
    {
        if (!File.Exists(path))
        {
            throw new CorruptModelException(path, $"{what} is missing: '{path}'.");
        }

        var bytes = File.ReadAllBytes(path);
        if (bytes.LongLength != entry.Length || !string.Equals(Hashing.Sha256Hex(bytes), entry.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new CorruptModelException(path, $"{what} was altered after registration: '{path}' does not match the length and SHA-256 in its metadata.");
        }

        return bytes;
    }

    /// <summary>An exclusive lock on the model's lock file, held by an open handle; the OS releases it if the process dies.</summary>
    private IDisposable AcquireLock(string name)
    {
        var directory = ModelDirectory(name);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, LockFileName);
        var clock = Stopwatch.StartNew();
        var random = new Random(Guid.NewGuid().GetHashCode());
        while (true)
        {
            try
            {
                var handle = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

                // Only the lock holder writes alias temporaries: any left over is from a crash.
                foreach (var leftover in Directory.GetFiles(directory, ".aliases-*.tmp"))
                {
                    TryDeleteFile(leftover);
                }

                return handle;
            }
            catch (IOException) when (clock.Elapsed < LockTimeout)
            {
                Thread.Sleep(random.Next(5, 25));
            }
            catch (UnauthorizedAccessException) when (clock.Elapsed < LockTimeout)
            {
                // Windows reports a file being deleted or locked this way, too.
                Thread.Sleep(random.Next(5, 25));
            }
            catch (IOException e)
            {
                throw new ModelRegistryException($"Timed out after {LockTimeout.TotalSeconds:0} s waiting for the lock '{path}' of model '{name}'.", e);
            }
        }
    }

    /// <summary>
    /// Removes the temporary folders of registrations that will never finish: those of a process of this machine that
    /// is no longer running, and any older than a day (another machine's, on a shared root).
    /// </summary>
    private static void RemoveStaleTemporaryFolders(string modelDirectory)
    {
        foreach (var path in Directory.GetDirectories(modelDirectory, TemporaryPrefix + "*"))
        {
            var parts = Path.GetFileName(path).Substring(TemporaryPrefix.Length).Split(new[] { '-' }, 3);
            var stale = parts.Length == 3 && int.TryParse(parts[0], out var pid)
                ? string.Equals(parts[2], Environment.MachineName, StringComparison.OrdinalIgnoreCase) && !IsRunning(pid)
                : false;
            stale = stale || DateTime.UtcNow - Directory.GetLastWriteTimeUtc(path) > ForeignTemporaryLifetime;
            if (stale)
            {
                TryDeleteDirectory(path);
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        if (pid == CurrentProcessId)
        {
            return true;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static void TryDeleteFile(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string GetMlNetVersion()
    {
        var assembly = typeof(MLContext).Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (!string.IsNullOrEmpty(informational))
        {
            var plus = informational!.IndexOf('+');
            return plus < 0 ? informational : informational.Substring(0, plus);
        }

        return assembly.GetName().Version?.ToString() ?? "";
    }
}
