//! `vouchers sign` and `vouchers verify`: create and check a channel voucher from a shell.
//!
//! ```sh
//! vouchers sign --suri //Dave//agent --genesis 0x… --channel 0 --cumulative 500000 --nonce 500
//! vouchers verify --agent 0x<public key> --genesis 0x… --channel 0 --cumulative 500000 \
//!     --nonce 500 --signature 0x…
//! ```

use clap::{Parser, Subcommand};
use compute_ledger_vouchers::Voucher;
use sp_core::{sr25519, Pair};

#[derive(Parser)]
#[command(name = "vouchers", about = "Create and verify pay-per-token channel vouchers")]
struct Cli {
	#[command(subcommand)]
	command: Command,
}

#[derive(clap::Args)]
struct VoucherArgs {
	/// The chain's genesis hash (`chain_getBlockHash(0)`), hex.
	#[arg(long)]
	genesis: String,
	#[arg(long)]
	channel: u64,
	/// Everything owed so far, in the smallest unit.
	#[arg(long)]
	cumulative: u128,
	#[arg(long)]
	nonce: u64,
}

#[derive(Subcommand)]
enum Command {
	/// Signs a voucher with the agent's key and prints the signature (hex).
	Sign {
		/// The agent's secret URI, e.g. `//Dave//agent` or a mnemonic.
		#[arg(long)]
		suri: String,
		#[command(flatten)]
		voucher: VoucherArgs,
	},
	/// Checks a signature against the agent's public key; exits 1 if it does not match.
	Verify {
		/// The agent's public key (its account id), hex.
		#[arg(long)]
		agent: String,
		#[arg(long)]
		signature: String,
		#[command(flatten)]
		voucher: VoucherArgs,
	},
}

fn bytes<const N: usize>(what: &str, hex_str: &str) -> Result<[u8; N], String> {
	let raw = hex::decode(hex_str.trim_start_matches("0x")).map_err(|e| format!("{what}: {e}"))?;
	raw.try_into().map_err(|_| format!("{what}: expected {N} bytes"))
}

fn voucher(args: &VoucherArgs) -> Result<([u8; 32], Voucher), String> {
	let genesis = bytes::<32>("--genesis", &args.genesis)?;
	Ok((genesis, Voucher { channel: args.channel, cumulative: args.cumulative, nonce: args.nonce }))
}

fn run(cli: Cli) -> Result<(), String> {
	match cli.command {
		Command::Sign { suri, voucher: args } => {
			let pair =
				sr25519::Pair::from_string(&suri, None).map_err(|e| format!("--suri: {e:?}"))?;
			let (genesis, v) = voucher(&args)?;
			println!("0x{}", hex::encode(v.sign(&pair, genesis)));
			Ok(())
		}
		Command::Verify { agent, signature, voucher: args } => {
			let agent = bytes::<32>("--agent", &agent)?;
			let signature = bytes::<64>("--signature", &signature)?;
			let (genesis, v) = voucher(&args)?;
			if v.verify(&agent, genesis, &signature) {
				println!("valid");
				Ok(())
			} else {
				Err("the signature is not the agent's for this voucher".into())
			}
		}
	}
}

fn main() {
	if let Err(e) = run(Cli::parse()) {
		eprintln!("Error: {e}");
		std::process::exit(1);
	}
}
