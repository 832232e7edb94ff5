using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Transforms;

namespace MLNetDeep.Scoring
{
    /// <summary>
    /// Refuses a model zip that would make loading run or read more than MLNetDeep writes: an assembly other than
    /// ML.NET's (<c>Microsoft.ML*</c> with ML.NET's public key token) and MLNetDeep.Scoring; a loader outside
    /// <see cref="LoaderSignatures"/> and the allowed ones; a CustomMapping contract other than MLNetDeep's and the
    /// allowed ones, or in another assembly than the one that defines it; an ONNX graph that <see cref="OnnxGraphCheck"/>
    /// refuses. Model blocks are checked whichever name ML.NET reads them by (<c>Model.key</c>, or <c>Model.bin</c>).
    /// </summary>
    internal sealed class ModelContentCheck
    {
        private const string ModelEntry = "Model.key", ModelBinaryEntry = "Model.bin", OnnxEntry = "OnnxModel", CustomMappingLoader = "CustomTransformer";
        private const long MaxModelBlockBytes = 64L << 20, MaxOnnxBytes = 1L << 30;
        private const uint ContractAssemblySaved = 0x00010002;
        private static AssemblyName MLNet => typeof(MLContext).Assembly.GetName();

        private static AssemblyName Adapters => MLNetDeepScoring.AdaptersAssembly.GetName();

        private readonly HashSet<string> _allowedContracts, _allowedLoaders;

        public ModelContentCheck(LoadModelOptions options)
        {
            _allowedContracts = new HashSet<string>(options.AllowedCustomMappingContracts, StringComparer.Ordinal);
            _allowedLoaders = LoaderSignatures.With(options.AllowedLoaderSignatures);
        }

        /// <summary>The ONNX models of the zip's <c>OnnxModel</c> entries, as ML.NET writes them to its temporary files.</summary>
        public List<byte[]> OnnxModels { get; } = new List<byte[]>();

        public void Check(ZipArchive archive)
        {
            foreach (ZipArchiveEntry entry in archive.Entries)
            {
                string name = ModelVerifier.LastSegment(entry.FullName);
                if (name == ModelEntry || name == ModelBinaryEntry)
                    CheckModel(ModelKeyHeader.Read(ReadAll(entry, MaxModelBlockBytes), entry.FullName));
                else if (name == OnnxEntry)
                {
                    byte[] model = OnnxBytes(entry);
                    OnnxGraphCheck.Check(model, entry.FullName);
                    OnnxModels.Add(model);
                }
            }
        }

        private void CheckModel(ModelKeyHeader header)
        {
            if (header.LoaderAssemblyName is string loader && !IsMLNetOrAdapters(Parse(loader, header)))
                throw Refused(header, $"asks ML.NET to load the assembly '{loader}', which is neither ML.NET's nor MLNetDeep.Scoring");
            foreach (string signature in header.LoaderSignatures.Where(s => s.Trim().Length > 0))
            {
                if (!_allowedLoaders.Contains(signature))
                    throw Refused(header, $"asks for ML.NET's loader '{signature}', which LoadModel does not run unless it is listed in LoadModelOptions.AllowedLoaderSignatures");
            }
            if (!header.LoaderSignatures.Contains(CustomMappingLoader))
                return;
            string contract = header.StringAt(0);
            string? assembly = header.ModelVersionWritten >= ContractAssemblySaved ? header.StringAt(4) : null;
            if (MLNetDeepScoring.ContractNames.Contains(contract))
            {
                if (assembly is not null && !SameIdentity(Parse(assembly, header), Adapters))
                    throw Refused(header, $"names MLNetDeep's contract '{contract}' in the assembly '{assembly}' instead of MLNetDeep.Scoring");
            }
            else if (!_allowedContracts.Contains(contract))
            {
                throw Refused(header, $"uses the CustomMapping contract '{contract}'{(assembly is null ? "" : $" (assembly '{assembly}')")}, which is not allowed: "
                    + "add it to LoadModelOptions.AllowedCustomMappingContracts if you trust it");
            }
            else if (assembly is not null && !DefinesContract(Parse(assembly, header), contract))
            {
                throw Refused(header, $"names the allowed contract '{contract}' in the assembly '{assembly}', but no loaded assembly of that name defines it: "
                    + "load the assembly that does (for example with mlContext.ComponentCatalog.RegisterAssembly(typeof(YourFactory).Assembly)) before LoadModel");
            }
        }

        /// <summary>Whether an assembly already loaded in the app, with this name and public key token, defines the contract.</summary>
        private static bool DefinesContract(AssemblyName name, string contract) =>
            AppDomain.CurrentDomain.GetAssemblies()
                .Where(a => SameIdentity(a.GetName(), name))
                .SelectMany(LoadableTypes)
                .Any(t => ContractOf(t) == contract);

        private static string? ContractOf(Type type)
        {
            try
            {
                return type.GetCustomAttribute<CustomMappingFactoryAttributeAttribute>()?.ContractName;
            }
            catch (Exception e) when (e is TypeLoadException or FileNotFoundException or FileLoadException or BadImageFormatException)
            {
                return null;
            }
        }

        private static IEnumerable<Type> LoadableTypes(Assembly assembly)
        {
            try
            {
                return assembly.GetTypes();
            }
            catch (ReflectionTypeLoadException e)
            {
                return e.Types.Where(t => t is not null)!;
            }
        }

        private static bool IsMLNetOrAdapters(AssemblyName name) =>
            (name.Name is string simple && (simple == "Microsoft.ML" || simple.StartsWith("Microsoft.ML.", StringComparison.Ordinal))
                && SameToken(name.GetPublicKeyToken(), MLNet.GetPublicKeyToken()))
            || SameIdentity(name, Adapters);

        private static bool SameIdentity(AssemblyName a, AssemblyName b) =>
            string.Equals(a.Name, b.Name, StringComparison.OrdinalIgnoreCase) && SameToken(a.GetPublicKeyToken(), b.GetPublicKeyToken());

        private static bool SameToken(byte[]? a, byte[]? b) =>
            (a is null || a.Length == 0) ? (b is null || b.Length == 0) : b is not null && a.SequenceEqual(b);

        private static AssemblyName Parse(string name, ModelKeyHeader header)
        {
            try
            {
                return new AssemblyName(name);
            }
            catch (Exception e) when (e is ArgumentException or FileLoadException)
            {
                throw header.Invalid($"names the assembly '{name}', which is not an assembly name");
            }
        }

        private static byte[] OnnxBytes(ZipArchiveEntry entry)
        {
            byte[] bytes = ReadAll(entry, MaxOnnxBytes);
            if (bytes.Length < 4 || BitConverter.ToInt32(bytes, 0) != bytes.Length - 4)
                throw new InvalidModelException($"The model entry '{entry.FullName}' is not an ML.NET OnnxModel entry ({bytes.Length} bytes): the zip is damaged.");
            var model = new byte[bytes.Length - 4];
            Buffer.BlockCopy(bytes, 4, model, 0, model.Length);
            return model;
        }

        /// <summary>The entry's bytes; refused when it unpacks to more than <paramref name="limit"/> (a zip bomb, or not a model).</summary>
        private static byte[] ReadAll(ZipArchiveEntry entry, long limit)
        {
            using var stream = entry.Open();
            using var copy = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (copy.Length + read > limit)
                    throw new InvalidModelException($"The model entry '{entry.FullName}' unpacks to more than {limit >> 20} MB: refused, no MLNetDeep model has one that large.");
                copy.Write(buffer, 0, read);
            }
            return copy.ToArray();
        }

        private static InvalidModelException Refused(ModelKeyHeader header, string what) =>
            new InvalidModelException($"The model entry '{header.EntryName}' {what}. Refused: LoadModel runs only what MLNetDeep and ML.NET write.");
    }
}
